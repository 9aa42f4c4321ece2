using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bot.Handoff;

/// <summary>Ready only when the handoff database answers (and its schema is up to date): without it no request can be kept.</summary>
public sealed class HandoffDatabaseHealthCheck(HandoffDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await using var connection = await database.OpenAsync(timeout.Token);
            await Sql.ScalarAsync(connection, null, "SELECT 1");
            return HealthCheckResult.Healthy($"{database.Provider} answers");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{database.Provider} does not answer: {ex.GetType().Name}");
        }
    }
}
