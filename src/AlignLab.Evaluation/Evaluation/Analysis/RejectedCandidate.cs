namespace AlignLab.Evaluation.Analysis;

/// <summary>A candidate <c>unless:</c> phrase that was not suggested because, added to the rule, it let harmful cases through.</summary>
/// <param name="Text">The phrase.</param>
/// <param name="HarmfulLetThrough">Harmful cases the guard blocked that it no longer blocks with the phrase added.</param>
/// <param name="Examples">Ids of some of those cases.</param>
public sealed record RejectedCandidate(string Text, int HarmfulLetThrough, IReadOnlyList<string> Examples);
