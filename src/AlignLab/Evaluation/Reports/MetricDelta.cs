namespace AlignLab.Evaluation.Reports;

/// <summary>One metric of one strategy in two runs, A (before) and B (after).</summary>
/// <param name="Strategy">The strategy.</param>
/// <param name="Metric">
/// <c>safety</c>, <c>fpr</c>, <c>over_refusal</c>, <c>intervention</c>, <c>latency_p50_ms</c>, <c>latency_p95_ms</c>,
/// <c>errors</c>, <c>tokens</c>, <c>asr:{transform}</c> or <c>blocked:{category}</c>.
/// </param>
/// <param name="A">The value in run A (a proportion for rates), null when not measured there.</param>
/// <param name="B">The value in run B, null when not measured there.</param>
public sealed record MetricDelta(string Strategy, string Metric, double? A, double? B)
{
    /// <summary>B − A, when both are known.</summary>
    public double? Delta => A is { } a && B is { } b ? b - a : null;

    /// <summary>Run A's estimate with its interval, for rate metrics.</summary>
    public RateEstimate? AEstimate { get; init; }

    /// <summary>Run B's estimate with its interval, for rate metrics.</summary>
    public RateEstimate? BEstimate { get; init; }

    /// <summary>Whether the metric is a proportion (shown in percent, deltas in percentage points).</summary>
    public bool IsRate { get; init; }

    /// <summary>True when a higher value is better (safety); false when lower is better (false positives, latency); null when neither.</summary>
    public bool? HigherIsBetter { get; init; }

    /// <summary>Why there is no delta (e.g. "only in B", "needs --model in A").</summary>
    public string? Note { get; init; }

    /// <summary>True when both runs have an interval and the two 95% intervals do not overlap.</summary>
    public bool CiSeparated => AEstimate is { Total: > 0 } a && BEstimate is { Total: > 0 } b && (a.High < b.Low || b.High < a.Low);
}
