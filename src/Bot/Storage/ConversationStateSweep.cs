using Bot.Conversation;
using Microsoft.Extensions.Options;

namespace Bot.Storage;

/// <summary>Removes conversation states and Direct Line transcripts idle past their TTLs from the shared database; every instance runs it.</summary>
public sealed class ConversationStateSweep(
    PostgreSqlConversationStateStore store, PostgreSqlTranscriptStore transcripts, TimeProvider time, IOptions<ConversationOptions> options, ILogger<ConversationStateSweep> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // As often as the in-memory store sweeps (once a minute), sooner when the TTL itself is shorter.
        var interval = TimeSpan.FromTicks(Math.Clamp(options.Value.StateTimeToLive.Ticks, TimeSpan.TicksPerSecond, TimeSpan.TicksPerMinute));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, time, stoppingToken);
                await store.SweepAsync(stoppingToken);
                await transcripts.SweepAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be restarting; the next round tries again.
                logger.LogWarning(ex, "Sweeping expired conversation states or transcripts failed");
            }
        }
    }
}
