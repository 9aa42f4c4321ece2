using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bot.Storage;

/// <summary>
/// Degraded, never unhealthy, while Redis is unreachable: the instance still serves (see <see cref="RedisConnection"/>),
/// so /readyz leaves this check out rather than take every instance out of the load balancer at once.
/// </summary>
public sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
{
    public const string Name = "redis";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(redis.IsConnected
            ? HealthCheckResult.Healthy($"Redis at {redis.Endpoint}")
            : HealthCheckResult.Degraded($"Redis at {redis.Endpoint} unreachable: rate limits are per instance and streams re-read their transcripts every few seconds until it is back"));
}
