using Microsoft.Extensions.Options;

namespace Bot.Handoff;

/// <summary>
/// At start-up, gives rows stored before the contact index their keyed hashes; then, every Handoff:PurgeInterval,
/// purges closed requests older than Handoff:RetentionDays, and insights older than Insights:RetentionDays. Safe on
/// several instances: see <see cref="HandoffDeletion"/> and <see cref="Insights.InsightsDeletion"/>.
/// </summary>
public sealed partial class HandoffMaintenance(
    HandoffDeletion deletion,
    IOptions<HandoffOptions> options,
    TimeProvider time,
    ILogger<HandoffMaintenance> logger,
    Insights.InsightsDeletion? insights = null) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var backfilled = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!backfilled)
                {
                    var filled = await deletion.BackfillContactIndexAsync(stoppingToken);
                    backfilled = true;
                    if (filled > 0)
                    {
                        Log.Backfilled(logger, filled);
                    }
                }
                var purged = await deletion.PurgeClosedAsync(time.GetUtcNow() - TimeSpan.FromDays(settings.RetentionDays), stoppingToken);
                if (purged > 0)
                {
                    Log.Purged(logger, purged, settings.RetentionDays);
                }
                // The command-line tools host the handoff store without the insights.
                if (insights is not null && await insights.PurgeAsync(time.GetUtcNow(), stoppingToken) is > 0 and var rows)
                {
                    Log.PurgedInsights(logger, rows);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be briefly unreachable; the next pass catches up.
                Log.PassFailed(logger, ex.GetType().Name);
            }
            try
            {
                await Task.Delay(settings.PurgeInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Purged {Count} closed request(s) older than {Days} days")]
        public static partial void Purged(ILogger logger, int count, int days);

        [LoggerMessage(Level = LogLevel.Information, Message = "Purged {Count} insights row(s) past Insights:RetentionDays")]
        public static partial void PurgedInsights(ILogger logger, int count);

        [LoggerMessage(Level = LogLevel.Information, Message = "Contact index filled in for {Count} request(s) stored before it existed")]
        public static partial void Backfilled(ILogger logger, int count);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Retention pass failed ({ErrorType}); retrying at the next interval")]
        public static partial void PassFailed(ILogger logger, string errorType);
    }
}
