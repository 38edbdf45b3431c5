using AlignLab.Constitutions;

namespace AlignLab.Rules;

/// <summary>
/// The rule switches and actions, and the detector thresholds and category actions, in force for one context and profile.
/// </summary>
/// <param name="Enabled">Per compiled rule: whether it is on.</param>
/// <param name="Actions">Per compiled rule: its action.</param>
/// <param name="Thresholds">Category thresholds set by the context or profile (toxicity already spread to the toxic categories).</param>
/// <param name="CategoryActions">Category actions set by the context or profile.</param>
/// <param name="Safety">The unsafe threshold set by the context or profile, if any.</param>
/// <param name="SafetySource">Which adjustment set <paramref name="Safety"/> ("profile 'child_safe'").</param>
internal sealed record EffectiveRules(
    bool[] Enabled,
    AlignmentAction[] Actions,
    Dictionary<string, double> Thresholds,
    Dictionary<string, AlignmentAction> CategoryActions,
    double? Safety,
    string? SafetySource);
