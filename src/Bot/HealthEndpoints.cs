using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bot;

/// <summary>
/// /healthz: the process is alive (no checks; a restart would not help anything else). /readyz: the index, the
/// sentence model and the database are ready (not Redis, which has fallbacks), so a load balancer sends visitors here (503 while still loading).
/// /health: the full report, 200 while degraded, as before.
/// </summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health");
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            // Redis down degrades every instance alike and each falls back on its own (RedisHealthCheck): /health tells it.
            Predicate = check => !check.Tags.Contains(Storage.RedisHealthCheck.Name),
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        });
        return endpoints;
    }
}
