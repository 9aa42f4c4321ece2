using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Bot.Conversation.Safety;

/// <summary>
/// Degraded until the crisis exemplars' MiniLM vectors are in use where semantic retrieval runs MiniLM: until then the
/// static table judges alone, so a load balancer (/readyz) and the tests wait for the detector they are meant to meet.
/// </summary>
public sealed class CrisisExemplarsHealthCheck(CrisisExemplars exemplars, IOptions<Knowledge.RetrievalOptions> retrieval) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(retrieval.Value.Semantic.Enabled && !exemplars.SentenceReady
            ? HealthCheckResult.Degraded("crisis exemplars are being embedded; the static table judges meanwhile")
            : HealthCheckResult.Healthy($"{exemplars.All.Count} crisis exemplars"));
}
