using System.Threading.RateLimiting;
using Bot.Storage;
using RedisRateLimiting;
using StackExchange.Redis;

namespace Bot.RateLimits;

/// <summary>
/// One budget for every instance, counted in Redis (RedisRateLimiting's fixed window), that fails open: while Redis
/// is unreachable or too slow, this instance's own window counts instead. For a clinic's visitor chat a short spell of
/// per-instance limits is a better failure than refusing every visitor, or answering 500s.
/// </summary>
public sealed class SharedRateLimiter(RedisConnection redis, string key, int perMinute) : RateLimiter
{
    private static readonly RateLimitLease Deferred = new NotYet();

    private readonly RedisFixedWindowRateLimiter<string> shared = new(redis.Key($"rate:{key}"), new RedisFixedWindowRateLimiterOptions
    {
        ConnectionMultiplexerFactory = () => redis.Multiplexer,
        PermitLimit = perMinute,
        Window = TimeSpan.FromMinutes(1),
    });

    private readonly FixedWindowRateLimiter local = new(new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1) });

    // The local window is idle exactly when this limiter has nothing to remember, so the partition can be dropped.
    public override TimeSpan? IdleDuration => local.IdleDuration;

    public override RateLimiterStatistics? GetStatistics() => local.GetStatistics();

    // Redis is only asked asynchronously; a failed attempt sends ASP.NET Core's middleware on to AcquireAsync.
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => redis.IsConnected ? Deferred : local.AttemptAcquire(permitCount);

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        if (redis.IsConnected)
        {
            try
            {
                return await shared.AcquireAsync(permitCount, cancellationToken);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // Fall through to the local window: the health check reports Redis.
            }
        }
        return await local.AcquireAsync(permitCount, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            shared.Dispose();
            local.Dispose();
        }
        base.Dispose(disposing);
    }

    private sealed class NotYet : RateLimitLease
    {
        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
