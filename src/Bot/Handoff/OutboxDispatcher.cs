using Bot.Telemetry;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Bot.Handoff;

/// <summary>
/// Drains due outbox rows: each attempt is a few quick Polly retries; between attempts the schedule is
/// persisted (exponential backoff), and after Handoff:MaxAttempts the job is marked failed for the inbox.
/// </summary>
public sealed partial class OutboxDispatcher(
    OutboxStore outbox,
    HandoffStore store,
    IEnumerable<IHandoffNotifier> notifiers,
    OutboxSignal signal,
    IOptions<HandoffOptions> options,
    TimeProvider time,
    BotMetrics metrics,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private const int BatchSize = 20;

    private readonly ResiliencePipeline pipeline = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = 2,
            BackoffType = DelayBackoffType.Exponential,
            Delay = options.Value.InAttemptRetryDelay,
            ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not OperationCanceledException),
        })
        .Build();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.DispatcherStartDelay > TimeSpan.Zero)
        {
            await Task.Delay(settings.DispatcherStartDelay, time, stoppingToken);
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DrainAsync(stoppingToken);
                var wait = settings.PollInterval;
                if (await outbox.NextDueAsync(stoppingToken) is { } next)
                {
                    var untilNext = next - time.GetUtcNow();
                    wait = untilNext < wait ? (untilNext > TimeSpan.Zero ? untilNext : TimeSpan.Zero) : wait;
                }
                await signal.WaitAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be briefly unreachable; the rows stay due and the next pass retries them.
                Log.PassFailed(logger, ex.GetType().Name);
                try
                {
                    await Task.Delay(settings.PollInterval, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Sends everything that is due now; returns when nothing due is left.</summary>
    public async Task DrainAsync(CancellationToken ct)
    {
        var settings = options.Value;
        while (true)
        {
            var now = time.GetUtcNow();
            var jobs = await outbox.ClaimDueAsync(now, now + settings.LeaseDuration, BatchSize, ct);
            if (jobs.Count == 0)
            {
                return;
            }
            var done = 0;
            try
            {
                for (; done < jobs.Count; done++)
                {
                    await DeliverAsync(jobs[done], settings, ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Stopping: hand the unfinished rows back now rather than at lease expiry, so another instance sends them.
                try
                {
                    await outbox.ReleaseAsync(jobs.Skip(done).Select(j => j.Id));
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.PassFailed(logger, ex.GetType().Name);
                }
                throw;
            }
        }
    }

    private async Task DeliverAsync(OutboxJob job, HandoffOptions settings, CancellationToken ct)
    {
        var request = await store.FindAsync(job.RequestId, ct);
        var notifier = notifiers.FirstOrDefault(n => n.Channel == job.Channel);
        if (request is null || notifier is null)
        {
            await outbox.MarkAttemptFailedAsync(job.Id, request is null ? "request not found" : $"channel {job.Channel} is not configured", null, ct);
            return;
        }
        try
        {
            await pipeline.ExecuteAsync(async token => await notifier.SendAsync(request, job.Id, token), ct);
            await outbox.MarkSentAsync(job.Id, time.GetUtcNow(), ct);
            Log.Delivered(logger, job.Channel, request.Reference, job.Attempt);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Exception messages from SMTP and HTTP name hosts and status codes, never the visitor's details.
            var error = $"{ex.GetType().Name}: {ex.Message}";
            metrics.DeliveryFailed(job.Channel, gaveUp: job.Attempt >= settings.MaxAttempts);
            if (job.Attempt >= settings.MaxAttempts)
            {
                await outbox.MarkAttemptFailedAsync(job.Id, error, null, ct);
                Log.GaveUp(logger, job.Channel, request.Reference, job.Attempt, error);
                return;
            }
            var backoff = TimeSpan.FromTicks(Math.Min(
                settings.RetryBaseDelay.Ticks * (1L << Math.Min(job.Attempt - 1, 30)),
                settings.MaxRetryDelay.Ticks));
            await outbox.MarkAttemptFailedAsync(job.Id, error, time.GetUtcNow() + backoff, ct);
            Log.Retrying(logger, job.Channel, request.Reference, job.Attempt, backoff, error);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Delivered {Channel} for {Reference} on attempt {Attempt}")]
        public static partial void Delivered(ILogger logger, string channel, string reference, int attempt);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {Channel} for {Reference} failed on attempt {Attempt}; retrying in {Backoff}: {Error}")]
        public static partial void Retrying(ILogger logger, string channel, string reference, int attempt, TimeSpan backoff, string error);

        [LoggerMessage(Level = LogLevel.Error, Message = "Delivery {Channel} for {Reference} failed after {Attempt} attempts; marked failed: {Error}")]
        public static partial void GaveUp(ILogger logger, string channel, string reference, int attempt, string error);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox pass failed ({ErrorType}); retrying")]
        public static partial void PassFailed(ILogger logger, string errorType);
    }
}
