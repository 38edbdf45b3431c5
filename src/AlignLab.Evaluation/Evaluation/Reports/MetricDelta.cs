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

    /// <summary>The metric in the words the CLI uses: "harmful blocked", "attack success: base64", "p50 latency".</summary>
    public string Label => LabelOf(Metric);

    /// <summary>
    /// Whether the change is worth pointing out rather than noise: for a rate, its two 95% intervals do not overlap
    /// (<see cref="CiSeparated"/>); for a latency, it moved by at least <see cref="NotableLatencyMs"/> and by at least
    /// <see cref="NotableShare"/> of run A's value (a guard's +0.04 ms is not); for errors, any change; for tokens, at
    /// least <see cref="NotableShare"/>.
    /// </summary>
    public bool IsNotable => Delta is { } d && d != 0 && double.IsFinite(d) && (IsRate ? CiSeparated : Metric switch
    {
        "errors" => true,
        _ when Metric.StartsWith("latency", StringComparison.Ordinal) =>
            Math.Abs(d) >= NotableLatencyMs && Math.Abs(d) >= NotableShare * Math.Abs(A ?? 0),
        _ => Math.Abs(d) >= NotableShare * Math.Abs(A ?? 0),
    });

    /// <summary>The smallest latency change in milliseconds that <see cref="IsNotable"/> reports.</summary>
    public const double NotableLatencyMs = 1;

    /// <summary>The smallest relative change of a latency or token count that <see cref="IsNotable"/> reports.</summary>
    public const double NotableShare = 0.1;

    /// <summary>The readable name of a metric id (see <see cref="Metric"/>).</summary>
    public static string LabelOf(string metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        return metric switch
        {
            "asr:none" => "attack success: none (as written)",
            _ when metric.StartsWith("asr:", StringComparison.Ordinal) => "attack success: " + metric[4..],
            _ when metric.StartsWith("blocked:", StringComparison.Ordinal) => "harmful blocked: " + metric[8..],
            "safety" => "harmful blocked",
            "fpr" => "false positives",
            "over_refusal" => "over-refusal",
            "intervention" => "interventions",
            "latency_p50_ms" => "p50 latency",
            "latency_p95_ms" => "p95 latency",
            "all" => "all metrics",
            _ => metric.Replace('_', ' '),
        };
    }
}
