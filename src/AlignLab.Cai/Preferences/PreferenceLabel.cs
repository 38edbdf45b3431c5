namespace AlignLab.Cai.Preferences;

/// <summary>
/// The AI label of one item: the two position-swapped verdicts and what they amount to. When both orders prefer the
/// same answer that answer wins; when they disagree the label is a tie (the judge followed the position, not the
/// content); when either failed the label is an error, never a guess.
/// </summary>
/// <param name="Outcome">The label.</param>
/// <param name="Confidence">The mean of the two orders' confidences for a decided label, or null.</param>
/// <param name="ConfidenceSource"><c>logprobs</c>, <c>stated</c> (the judge's own number), or null when there is none.</param>
/// <param name="Orders">The verdict with A first, then with B first.</param>
/// <param name="HumanAgrees">Whether the label agrees with the human label, null when there is none or the label is not decided.</param>
public sealed record PreferenceLabel(
    PreferenceOutcome Outcome,
    double? Confidence,
    string? ConfidenceSource,
    IReadOnlyList<OrderVerdict> Orders,
    bool? HumanAgrees);
