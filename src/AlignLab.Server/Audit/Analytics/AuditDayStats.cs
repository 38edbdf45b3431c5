namespace AlignLab.Server.Audit.Analytics;

/// <summary>One day's (or the whole window's) figures in an audit report. Rates are shares of <paramref name="Requests"/>.</summary>
/// <param name="Day">The UTC day; for the window's totals, its first day.</param>
/// <param name="Requests">Audit records.</param>
/// <param name="Blocked">Records whose decision flagged the content (the policy stopped it).</param>
/// <param name="Interventions">Records whose final action changed the exchange (anything but allow, log_only and error).</param>
/// <param name="Errors">Records that failed: HTTP status 500 or more, or action <c>error</c> (a client that went away, 499, included).</param>
/// <param name="Escalated">Records whose trace names a review item.</param>
/// <param name="BlockRate">Blocked ÷ requests.</param>
/// <param name="InterventionRate">Interventions ÷ requests.</param>
/// <param name="ErrorRate">Errors ÷ requests.</param>
/// <param name="LatencyP50Ms">Median latency (ms), from a 2%-bucket histogram.</param>
/// <param name="LatencyP95Ms">95th percentile latency (ms).</param>
/// <param name="LatencyP99Ms">99th percentile latency (ms).</param>
/// <param name="Scored">Records whose trace holds a classifier unsafe score.</param>
/// <param name="MeanScore">Mean unsafe score of those records.</param>
/// <param name="ScoreBins">Scored records in ten equal bins over [0, 1].</param>
/// <param name="Psi">Population stability index of the score distribution against the reference window.</param>
public sealed record AuditDayStats(
    DateOnly Day,
    long Requests,
    long Blocked,
    long Interventions,
    long Errors,
    long Escalated,
    double BlockRate,
    double InterventionRate,
    double ErrorRate,
    double? LatencyP50Ms,
    double? LatencyP95Ms,
    double? LatencyP99Ms,
    long Scored,
    double? MeanScore,
    IReadOnlyList<long> ScoreBins,
    double? Psi);
