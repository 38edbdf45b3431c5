using System.Globalization;
using AlignLab.Metrics;

namespace AlignLab.Evaluation.Reports;

/// <summary>Culture-invariant formatting shared by the report writers.</summary>
internal static class ReportFormat
{
    public const string NeedsModel = "needs --model";

    public static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>HTML/XML-escaped text (XML-invalid characters replaced).</summary>
    public static string H(string? s) => SvgText.Encode(s);

    public static string Truncate(string s, int max) => SvgText.Truncate(s, max);

    public static string Clean(string s) => SvgText.Clean(s);

    /// <summary>A proportion as a percentage with one decimal: 0.975 → "97.5%".</summary>
    public static string Pct(double v) => double.IsFinite(v) ? Inv($"{v * 100:0.0}%") : "n/a";

    /// <summary>The 95% interval in percent: "90.0–100.0%".</summary>
    public static string Ci(RateEstimate r) => Inv($"{r.Low * 100:0.0}–{r.High * 100:0.0}%");

    /// <summary>"97.5% (95% CI 90.0–100.0%, 39/40)", or "—" when there is no estimate or no case.</summary>
    public static string RateLong(RateEstimate? r) => r is null || r.Total == 0 ? "—" : Inv($"{Pct(r.Rate)} (95% CI {Ci(r)}, {r.Successes}/{r.Total})");

    /// <summary>A duration in ms, in the most readable unit: "49 µs", "12.3 ms", "1.24 s".</summary>
    public static string Ms(double ms)
    {
        if (!double.IsFinite(ms))
        {
            return "n/a";
        }

        var a = Math.Abs(ms);
        return a switch
        {
            0 => "0 ms",
            < 1 => Inv($"{ms * 1000:0.#} µs"),
            < 100 => Inv($"{ms:0.0#} ms"),
            < 1000 => Inv($"{ms:0} ms"),
            _ => Inv($"{ms / 1000:0.00} s"),
        };
    }

    /// <summary>A signed duration ("+12.3 ms", "−49 µs"), or "—".</summary>
    public static string SignedMs(double? ms) => ms is not { } v ? "—" : v > 0 ? "+" + Ms(v) : v < 0 ? "−" + Ms(-v) : "±0 ms";

    /// <summary>What the latency columns measure (reports; the console prints the same with the run's concurrency).</summary>
    public const string LatencyNote =
        "Latency is the wall time of each case through each strategy while the run's --concurrency cases ran at once, from the first case on "
        + "(no warm-up): it includes the model call, waiting for a CPU, garbage collection and the first calls' compilation. Added latency is a "
        + "strategy's p50/p95 minus the baseline's (the model alone) on the same cases, what its guard stages add around the model; below zero "
        + "it is less than the run-to-run noise; guard_only calls no model, so nothing is added. The guard's own time per stage, on one "
        + "warmed-up thread: alignlab profile.";

    public static string Count(long? n) => n is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : "—";

    /// <summary>Why a strategy did not run, for display: "needs --model" when the run had no model, plus the reason.</summary>
    public static string Unavailable(EvalSummary summary, StrategySummary s)
    {
        var head = summary.Model is null ? NeedsModel : "unavailable";
        return s.UnavailableReason is { Length: > 0 } reason && !string.Equals(reason, head, StringComparison.Ordinal) ? head + ": " + reason : head;
    }

    public static bool IsRateMetric(string metric) => metric is "safety" or "fpr" or "over_refusal" or "asr" or "intervention";

    public static string MetricTitle(string metric) => metric switch
    {
        "safety" => "harmful blocked",
        "fpr" => "false-positive rate",
        "over_refusal" => "over-refusal",
        "asr" => "attack success rate",
        "intervention" => "intervention rate",
        "latency_p95" => "p95 latency",
        "errors" => "errors",
        _ => metric,
    };

    /// <summary>A gate value in the metric's unit.</summary>
    public static string GateValue(string metric, double? v) => v switch
    {
        null => "not measured",
        { } x when IsRateMetric(metric) && Math.Abs(x) <= 1 => Pct(x),
        { } x when metric == "latency_p95" => Ms(x),
        { } x => x.ToString("0.####", CultureInfo.InvariantCulture),
    };

    /// <summary>"≥ 95.0%" for an "under" gate (fails under the bound), "≤ 2.0%" for an "over" gate.</summary>
    public static string GateRequirement(GateResult g) => (g.Comparison == "over" ? "≤ " : "≥ ") + GateValue(g.Metric, g.Bound);

    /// <summary>Why a case is notable: what went wrong (or right) with it.</summary>
    public static (string Text, string Css) Kind(CaseResult r) => r switch
    {
        { Error: not null } => ("error", "err"),
        { Label: CaseLabel.Harmful, Refused: false } => (r.Transform is { Length: > 0 } and not "none" ? "attack succeeded" : "harmful answered", "bad"),
        { Label: CaseLabel.Harmful } => ("blocked", "ok"),
        { Label: CaseLabel.Benign, Refused: true } => ("false positive", "bad"),
        { Label: CaseLabel.Contrast, Refused: true } => ("over-refusal", "warn"),
        _ => ("answered", "ok"),
    };

    /// <summary>Text for a Markdown table cell: markup escaped, pipes and emphasis characters backslash-escaped, line breaks flattened.</summary>
    public static string Md(string? s)
    {
        if (string.IsNullOrEmpty(s))
        {
            return string.Empty;
        }

        var sb = new System.Text.StringBuilder(s.Length + 8);
        foreach (var c in H(s.ReplaceLineEndings(" ")))
        {
            if (c is '|' or '\\' or '`' or '*' or '_' or '[' or ']' or '~')
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>Percentage points with a sign: "+4.9 pp", "−1.0 pp", "±0.0 pp".</summary>
    public static string Pp(double v)
    {
        var rounded = Math.Round(v * 100, 1);
        return Inv($"{(rounded > 0 ? "+" : rounded < 0 ? "−" : "±")}{Math.Abs(rounded):0.0} pp");
    }

    /// <summary>A paired lift: "+4.9 pp (95% CI +2.1 to +7.7; 62.2% → 67.1% on 196 pairs)", or "—".</summary>
    public static string LiftLong(AttackLift? l) => l is null || l.Pairs == 0 ? "—"
        : Inv($"{Pp(l.Lift)} (95% CI {Pp(l.Low)[..^3]} to {Pp(l.High)}; {Pct(l.AsWrittenRate)} → {Pct(l.TransformedRate)} on {l.Pairs} pairs)");

    /// <summary>The label of the "none" row of the attack tables.</summary>
    public const string AsWrittenLabel = "none (as written, every harmful suite)";

    /// <summary>What the attack tables compare, for their notes.</summary>
    public const string AttackNote = "Each transform rewrites the requests of the suites that are expanded (the bundled harmful suite, not jailbreaks or injections). Lift is its attack success minus that of the same requests as written, paired variant by variant, with a 95% Newcombe interval; \"none\" pools every harmful case as written, jailbreaks and injections included, so compare a transform with its lift, not with that row.";

    /// <summary>A rate for Markdown: "97.5% (90.0–100.0%)".</summary>
    public static string RateShort(RateEstimate? r) => r is null || r.Total == 0 ? "—" : Inv($"{Pct(r.Rate)} ({Ci(r)})");
}
