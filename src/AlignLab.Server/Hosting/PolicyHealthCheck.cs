using AlignLab.Server.Policies;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AlignLab.Server.Hosting;

/// <summary>Readiness of the policies: every arm serves one. Its data maps each arm to the version it serves.</summary>
internal sealed class PolicyHealthCheck(PolicyStore policies) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var arms = policies.Arms;
        var versions = arms.ToDictionary(a => a.Name, a => (object)a.Current.Version, StringComparer.Ordinal);
        return Task.FromResult(arms.Count > 0 ? HealthCheckResult.Healthy(data: versions) : HealthCheckResult.Unhealthy(data: versions));
    }
}
