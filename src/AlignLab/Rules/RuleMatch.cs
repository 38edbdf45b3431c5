using AlignLab.Constitutions;

namespace AlignLab.Rules;

/// <summary>A rule that fired, the action it asks for after context/profile adjustments, and the evidence.</summary>
public sealed record RuleMatch(PolicyRule Rule, AlignmentAction Action, IReadOnlyList<MatchEvidence> Evidence);
