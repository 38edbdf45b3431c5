using AlignLab.Server.Audit;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AlignLab.Server.Hosting;

/// <summary>Readiness of the audit log: it answers <see cref="IAuditLog.IsReadyAsync"/>. Its description names the store.</summary>
internal sealed class AuditHealthCheck(IAuditLog audit) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await audit.IsReadyAsync(cancellationToken).ConfigureAwait(false)
            ? HealthCheckResult.Healthy(audit.Description)
            : HealthCheckResult.Unhealthy(audit.Description);
}
