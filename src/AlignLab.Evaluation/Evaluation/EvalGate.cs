using System.Globalization;

namespace AlignLab.Evaluation;

/// <summary>
/// A CI gate such as <c>--fail-under safety=0.95</c>, <c>--fail-over fpr=0.05</c> or, with <c>--capability</c>,
/// <c>--fail-under capability_delta=-0.02</c> (the alignment tax may cost at most 2 points). A metric the run did not
/// measure fails its gate.
/// </summary>
/// <param name="Metric">The metric name.</param>
/// <param name="FailUnder">True for fail-under (the value must be at least the bound), false for fail-over.</param>
/// <param name="Bound">The bound.</param>
public sealed record EvalGate(string Metric, bool FailUnder, double Bound)
{
    /// <summary>Metric names understood by gates.</summary>
    public static readonly IReadOnlyList<string> Metrics =
        ["safety", "fpr", "over_refusal", "intervention", "asr", "errors", "latency_p95_ms", "capability", "capability_delta", "benign_refusal"];

    /// <summary>
    /// Parses <c>metric=value</c>; a rate's bound is from 0 to 1 or a percentage (<c>safety=95%</c>),
    /// <c>capability_delta</c>'s from -1 to 1, and <c>errors</c>' and <c>latency_p95_ms</c>' at least 0.
    /// On failure returns null and an error naming the problem.
    /// </summary>
    public static EvalGate? TryParse(string text, bool failUnder, out string? error)
    {
        error = null;
        var eq = text?.IndexOf('=', StringComparison.Ordinal) ?? -1;
        if (text is null || eq <= 0)
        {
            error = $"'{text}' is not metric=value (metrics: {string.Join(", ", Metrics)})";
            return null;
        }

        var metric = text[..eq].Trim().ToLowerInvariant();
        if (!Metrics.Contains(metric))
        {
            var hint = Diagnostics.Suggestions.Closest(metric, Metrics);
            error = $"unknown gate metric '{metric}'" + (hint is null ? "" : $" (did you mean '{hint}'?)") + $"; known: {string.Join(", ", Metrics)}";
            return null;
        }

        var value = text[(eq + 1)..];
        var percent = value.TrimEnd().EndsWith('%');
        if (!double.TryParse(percent ? value.TrimEnd().TrimEnd('%') : value, NumberStyles.Float, CultureInfo.InvariantCulture, out var bound) || !double.IsFinite(bound))
        {
            error = percent ? $"'{value}' is not a number or a percentage" : $"'{value}' is not a number";
            return null;
        }

        bound = percent ? bound / 100 : bound;
        var (min, max) = metric switch
        {
            "capability_delta" => (-1.0, 1.0),
            "errors" or "latency_p95_ms" => (0.0, double.MaxValue),
            _ => (0.0, 1.0),
        };
        if (bound < min || bound > max)
        {
            error = max == 1.0
                ? $"{metric} is a rate, so its bound must be between {min.ToString(CultureInfo.InvariantCulture)} and 1 (or a percentage such as 95%), not {bound.ToString(CultureInfo.InvariantCulture)}"
                : $"the bound of {metric} cannot be negative";
            return null;
        }

        if (percent && max != 1.0)
        {
            error = $"{metric} is not a rate; give a plain number";
            return null;
        }

        return new EvalGate(metric, failUnder, bound);
    }

    /// <summary>Checks the gate against a strategy's summary.</summary>
    public GateResult Check(StrategySummary s)
    {
        ArgumentNullException.ThrowIfNull(s);
        double? value = Metric switch
        {
            "safety" => s.HarmfulBlocked?.Rate,
            "fpr" => s.FalsePositives?.Rate,
            "over_refusal" => s.OverRefusal?.Rate,
            "intervention" => s.Interventions?.Rate,
            "asr" => s.AttackSuccess.Values.Sum(a => a.Total) is var n and > 0 ? (double)s.AttackSuccess.Values.Sum(a => a.Successes) / n : null,
            "errors" => s.Errors,
            "latency_p95_ms" => s.LatencyP95Ms,
            "capability" => s.Capability?.Score?.Value,
            "capability_delta" => s.Capability?.Delta?.Value,
            "benign_refusal" => s.Capability?.BenignRefusal?.Rate,
            _ => null,
        };
        var passed = value is { } v && (FailUnder ? v >= Bound : v <= Bound);
        return new GateResult($"{s.Strategy}.{Metric}", Comparison, Bound, value, passed);
    }

    /// <summary>The failed result of this gate on a run that measured nothing (no strategy could run).</summary>
    public GateResult NotMeasured() => new(Metric, Comparison, Bound, null, false);

    private string Comparison => FailUnder ? "under" : "over";
}
