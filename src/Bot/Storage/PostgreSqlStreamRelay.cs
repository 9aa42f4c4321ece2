using Bot.DirectLine;
using Bot.Handoff;
using Bot.Insights;
using Npgsql;

namespace Bot.Storage;

/// <summary>
/// The instances' news channel on the shared database: NOTIFY to announce, one LISTEN connection per instance to
/// hear. Two kinds of news travel on it: Direct Line's (a new activity, typing) and "phrasings changed" (Insights).
/// A notification is lost while that connection is down, so after reconnecting every stream re-reads its
/// transcript (<see cref="StreamChange.Missed"/>) and the phrasings are re-read too.
/// </summary>
public sealed partial class PostgreSqlStreamRelay(HandoffDatabase database, ILogger<PostgreSqlStreamRelay> logger)
    : BackgroundService, IStreamRelay, IPhrasingNews
{
    public const string Channel = "directline";

    // Each instance skips its own notifications: its streams heard the news directly.
    private readonly string instance = Guid.NewGuid().ToString("n")[..12];

    public event Action<StreamChange, string?>? Remote;

    /// <summary>Another instance attached a phrasing (<see cref="Insights.PhrasingIndexer"/>).</summary>
    public event Action? PhrasingsChanged;

    public string Payload(StreamChange change, string conversationId) => RelayPayload.Format(instance, change, conversationId);

    public void Announce(StreamChange change, string conversationId) => _ = NotifyAsync(Payload(change, conversationId));

    public Task AnnouncePhrasingsChangedAsync() => NotifyAsync(RelayPayload.PhrasingsChanged(instance));

    private async Task NotifyAsync(string payload)
    {
        try
        {
            await using var connection = await database.OpenAsync(CancellationToken.None);
            await Sql.ExecuteAsync(connection, null, "SELECT pg_notify(@channel, @payload)", ("channel", Channel), ("payload", payload));
        }
        catch (Exception ex)
        {
            // Only a typing indicator is lost (replies travel with the transcript), or phrasings wait for the next poll.
            Log.NotifyFailed(logger, ex.GetType().Name, ex.Message);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connected = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = (NpgsqlConnection)await database.OpenAsync(stoppingToken);
                connection.Notification += (_, e) => Receive(e.Payload);
                await Sql.ExecuteAsync(connection, null, $"LISTEN {Channel}");
                if (connected)
                {
                    Remote?.Invoke(StreamChange.Missed, null);
                    PhrasingsChanged?.Invoke();
                }
                connected = true;
                while (!stoppingToken.IsCancellationRequested)
                {
                    // A quiet minute is checked with a round trip, so a dead connection is noticed and replaced.
                    if (!await connection.WaitAsync(TimeSpan.FromSeconds(30), stoppingToken))
                    {
                        await Sql.ExecuteAsync(connection, null, "SELECT 1");
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.ListenFailed(logger, ex.GetType().Name, ex.Message);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void Receive(string payload) => RelayPayload.Dispatch(payload, instance, Remote, PhrasingsChanged);

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for other instances' news failed ({ErrorType}: {ErrorMessage}); reconnecting")]
        public static partial void ListenFailed(ILogger logger, string errorType, string errorMessage);

        [LoggerMessage(Level = LogLevel.Debug, Message = "Announcing news (a typing indicator, phrasings) to other instances failed ({ErrorType}: {ErrorMessage})")]
        public static partial void NotifyFailed(ILogger logger, string errorType, string errorMessage);
    }
}
