using System.Text.Json.Nodes;

namespace AlignLab.Runtime.Critique;

/// <summary>The result of critique→revision.</summary>
/// <param name="Final">The text to use.</param>
/// <param name="Summary">One line for the trace (rounds and stop reason).</param>
/// <param name="Details">Every round, for the trace.</param>
public sealed record RevisionOutcome(string Final, string Summary, JsonNode? Details);
