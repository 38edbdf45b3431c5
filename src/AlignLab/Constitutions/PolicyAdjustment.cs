using System.Collections.Immutable;
using AlignLab.Diagnostics;

namespace AlignLab.Constitutions;

/// <summary>
/// A named set of changes to the base constitution, selected at run time: a <em>context</em>
/// (educational, professional…) or a <em>user profile</em> (expertise, safety preference). Profiles may
/// extend one another.
/// </summary>
public sealed record PolicyAdjustment
{
    public required string Name { get; init; }
    public string? Description { get; init; }

    /// <summary>Another adjustment of the same kind applied first.</summary>
    public string? Extends { get; init; }

    /// <summary>Rules turned off.</summary>
    public ImmutableArray<string> DisableRules { get; init; } = [];

    /// <summary>Rules turned on (including rules declared with <c>enabled: false</c>).</summary>
    public ImmutableArray<string> EnableRules { get; init; } = [];

    /// <summary>Per-rule action overrides.</summary>
    public ImmutableDictionary<string, AlignmentAction> RuleActions { get; init; } = ImmutableDictionary<string, AlignmentAction>.Empty;

    /// <summary>Threshold overrides (names as in <c>intervention_thresholds</c> or category ids).</summary>
    public ImmutableDictionary<string, double> Thresholds { get; init; } = ImmutableDictionary<string, double>.Empty;

    /// <summary>Per-category action overrides.</summary>
    public ImmutableDictionary<string, AlignmentAction> CategoryActions { get; init; } = ImmutableDictionary<string, AlignmentAction>.Empty;

    /// <summary>Extra guidance added to the system prompt when this adjustment is active.</summary>
    public string? SystemGuidance { get; init; }

    public required SourceLocation Location { get; init; }
}
