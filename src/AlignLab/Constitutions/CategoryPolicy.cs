using AlignLab.Diagnostics;

namespace AlignLab.Constitutions;

/// <summary>How a harm category is handled when a detector (classifier, judge) scores it.</summary>
/// <param name="Category">The category.</param>
/// <param name="Threshold">Score (0–1) at or above which the action applies.</param>
/// <param name="Action">What to do.</param>
/// <param name="Message">Message for refusals.</param>
/// <param name="Stages">Stages where the detector applies.</param>
/// <param name="Enabled">Whether the category is checked.</param>
/// <param name="Location">Where it was written.</param>
public sealed record CategoryPolicy(HarmCategory Category, double Threshold, AlignmentAction Action, string? Message, PolicyStage Stages, bool Enabled, SourceLocation Location);
