namespace AlignLab.Evaluation;

/// <summary>One CI gate: a metric compared with a bound.</summary>
/// <param name="Metric">safety, fpr, over_refusal, asr, intervention, latency_p95, errors.</param>
/// <param name="Comparison">"under" (fail when value &lt; bound) or "over" (fail when value &gt; bound).</param>
/// <param name="Bound">The bound.</param>
/// <param name="Value">The measured value (null when the metric could not be measured, which fails the gate).</param>
/// <param name="Passed">Whether the gate held.</param>
public sealed record GateResult(string Metric, string Comparison, double Bound, double? Value, bool Passed);
