using AlignLab.Server.Hosting.Configuration;
using Microsoft.Extensions.Configuration;

namespace AlignLab.Server.Operations;

/// <summary>
/// Reads the gateway file's <c>auto_rollback</c> section: <c>enabled</c>, <c>window_seconds</c>, <c>min_requests</c>,
/// <c>max_block_rate_increase</c>, <c>max_error_rate</c>, <c>max_latency_p99_ms</c>, <c>max_review_overturn_rate</c> and
/// <c>min_reviews</c>. A bound set to <c>null</c> (or <c>off</c>) is not watched.
/// </summary>
internal static class AutoRollbackConfigReader
{
    private static readonly string[] Keys =
    [
        "enabled", "window_seconds", "min_requests", "max_block_rate_increase", "max_error_rate", "max_latency_p99_ms",
        "max_review_overturn_rate", "min_reviews",
    ];

    public static void Read(ConfigurationValueReader r, IConfigurationSection value, AutoRollbackOptions options)
    {
        if (!r.Mapping(value, "auto_rollback"))
        {
            return;
        }

        foreach (var (key, v) in r.Entries(value, "auto_rollback", Keys))
        {
            var what = "auto_rollback." + key;
            switch (key)
            {
                case "enabled":
                    options.Enabled = r.Boolean(v, what) ?? options.Enabled;
                    break;
                case "window_seconds":
                    options.Window = r.Integer(v, what, 1, 7 * 24 * 3600) is { } seconds ? TimeSpan.FromSeconds(seconds) : options.Window;
                    break;
                case "min_requests":
                    options.MinRequests = r.Integer(v, what, 1, 100_000_000) ?? options.MinRequests;
                    break;
                case "min_reviews":
                    options.MinReviews = r.Integer(v, what, 1, 100_000_000) ?? options.MinReviews;
                    break;
                case "max_block_rate_increase":
                    options.MaxBlockRateIncrease = Bound(r, v, what, options.MaxBlockRateIncrease);
                    break;
                case "max_error_rate":
                    options.MaxErrorRate = Bound(r, v, what, options.MaxErrorRate);
                    break;
                case "max_latency_p99_ms":
                    options.MaxLatencyP99Ms = Bound(r, v, what, options.MaxLatencyP99Ms);
                    break;
                case "max_review_overturn_rate":
                    options.MaxReviewOverturnRate = Bound(r, v, what, options.MaxReviewOverturnRate);
                    break;
            }
        }
    }

    /// <summary>A number, or null for <c>null</c>, <c>~</c> or <c>off</c>; the range is checked by <see
    /// cref="AutoRollbackOptions.Validate"/>.</summary>
    private static double? Bound(ConfigurationValueReader r, IConfigurationSection v, string what, double? fallback) =>
        v.Value is null or "" or "~" or "null" or "off" ? null : r.Number(v, what) ?? fallback;
}
