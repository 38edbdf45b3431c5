using System.Text.Json.Nodes;
using AlignLab.Constitutions;
using AlignLab.Rules;
using AlignLab.Runtime.Detectors;

namespace AlignLab.Runtime.Pipeline;

/// <summary>One step of an aligned exchange, in the order it happened.</summary>
/// <param name="Stage">input, streaming, output or generation.</param>
/// <param name="Kind">
/// What happened: rules, judge, judge_skipped (an escalation judge outside the uncertain band), tool_content, context_injection,
/// generation, intervention, abort, critique_revision, consensus, pii, refusal, escalation, failure, cache_hit.
/// </param>
/// <param name="Summary">One line a person can read.</param>
/// <param name="Action">The action this step asked for.</param>
/// <param name="ElapsedMilliseconds">How long the step took.</param>
public sealed record TraceEvent(string Stage, string Kind, string Summary, AlignmentAction Action, double ElapsedMilliseconds)
{
    /// <summary>The rule-engine decision of a rules step.</summary>
    public Decision? Decision { get; init; }

    /// <summary>Detector (judge) results of the step.</summary>
    public IReadOnlyList<DetectorResult> Detectors { get; init; } = [];

    /// <summary>Structured details (critique rounds, consensus votes, redactions, …).</summary>
    public JsonNode? Data { get; init; }
}
