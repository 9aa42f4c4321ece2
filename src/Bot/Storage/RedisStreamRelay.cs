using Bot.DirectLine;
using Bot.Insights;
using StackExchange.Redis;

namespace Bot.Storage;

/// <summary>
/// The instances' news channel on Redis pub/sub, in place of LISTEN/NOTIFY when ConnectionStrings:Redis is set: the
/// transcript store publishes once an append has committed, and every instance subscribes at start. Pub/sub keeps
/// nothing for a subscriber that is away, so while Redis is unreachable, and once more after it is back, every stream
/// re-reads its transcript (<see cref="StreamChange.Missed"/>) and the phrasings are re-read: late, never lost.
/// </summary>
public sealed partial class RedisStreamRelay(RedisConnection redis, ILogger<RedisStreamRelay> logger)
    : BackgroundService, IStreamRelay, IPhrasingNews
{
    /// <summary>How often streams re-read while Redis is down: a reply is at most this late.</summary>
    public static readonly TimeSpan OutageRefresh = TimeSpan.FromSeconds(2);

    private readonly string instance = Guid.NewGuid().ToString("n")[..12];
    private readonly RedisChannel channel = RedisChannel.Literal(redis.Key("directline"));
    private int refreshesAfterRestore;

    public event Action<StreamChange, string?>? Remote;

    public event Action? PhrasingsChanged;

    public void Announce(StreamChange change, string conversationId) => _ = PublishAsync(RelayPayload.Format(instance, change, conversationId));

    public Task AnnouncePhrasingsChangedAsync() => PublishAsync(RelayPayload.PhrasingsChanged(instance));

    private async Task PublishAsync(string payload)
    {
        try
        {
            await redis.Multiplexer.GetSubscriber().PublishAsync(channel, payload);
        }
        catch (Exception ex)
        {
            // Nothing is lost: the other instances' streams re-read their transcripts while Redis is away.
            Log.PublishFailed(logger, ex.GetType().Name, ex.Message);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        redis.Multiplexer.ConnectionRestored += OnRestored;
        try
        {
            var subscribed = false;
            while (!stoppingToken.IsCancellationRequested)
            {
                if (!subscribed)
                {
                    // The multiplexer subscribes again by itself after a reconnect, once this first call has succeeded.
                    try
                    {
                        await redis.Multiplexer.GetSubscriber().SubscribeAsync(channel, (_, message) => Receive(message));
                        subscribed = true;
                    }
                    catch (Exception ex)
                    {
                        Log.SubscribeFailed(logger, ex.GetType().Name, ex.Message);
                    }
                }
                await Task.Delay(OutageRefresh, stoppingToken);
                // A second refresh after a restore covers news published before the subscription itself came back.
                if (!redis.IsConnected || Interlocked.Exchange(ref refreshesAfterRestore, 0) > 0)
                {
                    Missed();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            redis.Multiplexer.ConnectionRestored -= OnRestored;
        }
    }

    private void OnRestored(object? sender, ConnectionFailedEventArgs e)
    {
        Log.Restored(logger, e.ConnectionType.ToString());
        Interlocked.Exchange(ref refreshesAfterRestore, 1);
        Missed();
    }

    private void Missed()
    {
        Remote?.Invoke(StreamChange.Missed, null);
        PhrasingsChanged?.Invoke();
    }

    private void Receive(RedisValue message)
    {
        if (message.HasValue)
        {
            RelayPayload.Dispatch(message.ToString(), instance, Remote, PhrasingsChanged);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Subscribing to other instances' news on Redis failed ({ErrorType}: {ErrorMessage}); retrying")]
        public static partial void SubscribeFailed(ILogger logger, string errorType, string errorMessage);

        [LoggerMessage(Level = LogLevel.Information, Message = "Redis connection ({ConnectionType}) restored; streams re-read their transcripts")]
        public static partial void Restored(ILogger logger, string connectionType);

        [LoggerMessage(Level = LogLevel.Debug, Message = "Publishing news to other instances on Redis failed ({ErrorType}: {ErrorMessage})")]
        public static partial void PublishFailed(ILogger logger, string errorType, string errorMessage);
    }
}
