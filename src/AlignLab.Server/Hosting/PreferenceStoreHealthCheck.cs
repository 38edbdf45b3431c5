using System.Data.Common;
using AlignLab.Server.Preferences;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AlignLab.Server.Hosting;

/// <summary>Readiness of the preference store: it answers a count of pairs. Its description names the store.</summary>
internal sealed class PreferenceStoreHealthCheck(IPreferenceStore preferences) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await preferences.CountAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy(preferences.Description);
        }
        catch (Exception ex) when (ex is DbException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy(preferences.Description);
        }
    }
}
