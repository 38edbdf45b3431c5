using AlignLab.Normalization;

namespace AlignLab.Classification;

/// <summary>A phrase of the input that pushed a score up, located in the original text.</summary>
/// <param name="Text">The original characters.</param>
/// <param name="OriginalSpan">Where they are in the input.</param>
/// <param name="Contribution">Its share of the score's log-odds (positive means towards unsafe).</param>
/// <param name="View">The view it was found in.</param>
public sealed record PhraseContribution(string Text, TextSpan OriginalSpan, float Contribution, string View);

/// <summary>Why the classifier scored a text as it did.</summary>
/// <param name="Scores">The calibrated scores.</param>
/// <param name="Label">The output explained ("unsafe" or a category id).</param>
/// <param name="Confidence">How far the explained probability is from undecided: |2p − 1|, 0–1.</param>
/// <param name="TopPhrases">The phrases that contributed most, strongest first.</param>
public sealed record Explanation(SafetyScores Scores, string Label, float Confidence, IReadOnlyList<PhraseContribution> TopPhrases);
