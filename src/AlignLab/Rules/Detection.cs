using AlignLab.Classification;
using AlignLab.Constitutions;

namespace AlignLab.Rules;

/// <summary>A harm category whose detector score reached the constitution's threshold for it.</summary>
/// <param name="Category">The category.</param>
/// <param name="Score">The calibrated probability.</param>
/// <param name="Threshold">The threshold in force (after context/profile adjustments).</param>
/// <param name="Action">The action in force for the category.</param>
/// <param name="Message">The category's message for refusals.</param>
/// <param name="Detector">Which detector produced the score ("classifier").</param>
/// <param name="Phrases">The phrases that contributed most to the score, in the original text.</param>
public sealed record Detection(HarmCategory Category, float Score, float Threshold, AlignmentAction Action, string? Message, string Detector, IReadOnlyList<PhraseContribution> Phrases);
