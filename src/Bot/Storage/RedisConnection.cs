using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Bot.Storage;

/// <summary>
/// The instance's one Redis multiplexer. It never fails the start: with abortConnect off it keeps reconnecting in the
/// background, and its users fall back (news waits and is re-read, rate limits go per instance) while it is down.
/// </summary>
public sealed class RedisConnection : IDisposable
{
    private readonly string prefix;

    public RedisConnection(IConfiguration configuration, IOptions<RedisOptions> options)
    {
        var settings = ConfigurationOptions.Parse(configuration.GetConnectionString("Redis")!);
        settings.AbortOnConnectFail = false;
        settings.ConnectTimeout = settings.SyncTimeout = settings.AsyncTimeout = (int)options.Value.Timeout.TotalMilliseconds;
        Endpoint = string.Join(",", settings.EndPoints.Select(e => e.ToString()));
        Multiplexer = ConnectionMultiplexer.Connect(settings);
        prefix = options.Value.Prefix;
    }

    public IConnectionMultiplexer Multiplexer { get; }

    /// <summary>Where Redis is expected, for the health report (no password: that stays in the connection string).</summary>
    public string Endpoint { get; }

    public bool IsConnected => Multiplexer.IsConnected;

    public string Key(string name) => $"{prefix}:{name}";

    public void Dispose() => Multiplexer.Dispose();
}
