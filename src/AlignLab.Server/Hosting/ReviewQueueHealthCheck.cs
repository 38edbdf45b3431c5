using System.Data.Common;
using AlignLab.Runtime.Review;
using AlignLab.Server.Review;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AlignLab.Server.Hosting;

/// <summary>Readiness of the review queue: it answers a count of pending items. Its description names the store.</summary>
internal sealed class ReviewQueueHealthCheck(IReviewQueue queue) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var description = queue switch
        {
            PostgresReviewQueue pg => pg.Description,
            SqliteReviewQueue sqlite => "SQLite " + sqlite.Path,
            _ => queue.GetType().Name,
        };
        try
        {
            await queue.CountAsync(ReviewStatus.Pending, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy(description);
        }
        catch (Exception ex) when (ex is DbException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy(description);
        }
    }
}
