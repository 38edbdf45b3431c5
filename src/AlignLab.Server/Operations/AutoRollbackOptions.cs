using System.Globalization;

namespace AlignLab.Server.Operations;

/// <summary>
/// When the gateway undoes a policy change by itself: for <see cref="Window"/> after a change to an arm, it watches the
/// new version's decisions on that replica and, once <see cref="MinRequests"/> are in, rolls back to the previous
/// version as soon as one bound is breached. A bound left null is not checked. Off unless <see cref="Enabled"/>.
/// </summary>
public sealed class AutoRollbackOptions
{
    /// <summary>Whether changes are watched at all.</summary>
    public bool Enabled { get; set; }

    /// <summary>How long after a change its version is watched.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Decisions by the new version before any rate bound is judged (and, for the baseline, by the previous one).</summary>
    public int MinRequests { get; set; } = 50;

    /// <summary>
    /// Largest rise of the block rate over the previous version's, in rate points (0.2: from 5% to at most 25%). The
    /// previous version's rate is its rate on this replica while it served, else over the window before the change in the
    /// audit store; with fewer than <see cref="MinRequests"/> decisions there, this bound is not judged.
    /// </summary>
    public double? MaxBlockRateIncrease { get; set; } = 0.2;

    /// <summary>Largest share of 5xx answers.</summary>
    public double? MaxErrorRate { get; set; } = 0.05;

    /// <summary>Largest 99th percentile of handling time, in milliseconds.</summary>
    public double? MaxLatencyP99Ms { get; set; }

    /// <summary>
    /// Largest share of review decisions (on items queued since the change) that overturn the guard (the reviewer approved
    /// what it held back); judged from <see cref="MinReviews"/> decisions.
    /// </summary>
    public double? MaxReviewOverturnRate { get; set; }

    /// <summary>Review decisions needed before <see cref="MaxReviewOverturnRate"/> is judged.</summary>
    public int MinReviews { get; set; } = 10;

    /// <summary>Every problem with the options (empty when valid), each naming the <c>auto_rollback</c> key.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Window <= TimeSpan.Zero)
        {
            problems.Add("auto_rollback.window_seconds must be positive");
        }

        if (MinRequests < 1)
        {
            problems.Add("auto_rollback.min_requests must be at least 1");
        }

        if (MinReviews < 1)
        {
            problems.Add("auto_rollback.min_reviews must be at least 1");
        }

        Rate(problems, "max_block_rate_increase", MaxBlockRateIncrease);
        Rate(problems, "max_error_rate", MaxErrorRate);
        Rate(problems, "max_review_overturn_rate", MaxReviewOverturnRate);
        if (MaxLatencyP99Ms is { } p99 && !(p99 > 0))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"auto_rollback.max_latency_p99_ms: {p99} is not a positive number of milliseconds"));
        }

        if (Enabled && MaxBlockRateIncrease is null && MaxErrorRate is null && MaxLatencyP99Ms is null && MaxReviewOverturnRate is null)
        {
            problems.Add("auto_rollback: enabled with no bound to watch "
                + "(set max_block_rate_increase, max_error_rate, max_latency_p99_ms or max_review_overturn_rate)");
        }

        return problems;
    }

    private static void Rate(List<string> problems, string key, double? value)
    {
        if (value is { } v && (double.IsNaN(v) || v is < 0 or > 1))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"auto_rollback.{key}: {v} is not a rate between 0 and 1"));
        }
    }
}
