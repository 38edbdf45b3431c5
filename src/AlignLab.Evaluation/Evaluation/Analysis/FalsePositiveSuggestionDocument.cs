namespace AlignLab.Evaluation.Analysis;

/// <summary>A cause's <c>suggestion</c> object: the advice and the evidence behind it, null where it does not apply.</summary>
internal sealed record FalsePositiveSuggestionDocument(
    string Text,
    IReadOnlyList<PhraseCount> UnlessCandidates,
    bool NeverRelaxed,
    int? HarmfulChecked,
    IReadOnlyList<RejectedCandidate> RejectedCandidates,
    string? ExistingUnless,
    double? Threshold,
    ScoreQuantiles? Scores,
    double? ThresholdClearingAll)
{
    public static FalsePositiveSuggestionDocument From(FalsePositiveCause c) => new(
        c.Suggestion,
        c.UnlessCandidates,
        c.NeverRelaxed,
        c.HarmfulChecked,
        c.RejectedCandidates,
        c.ExistingUnless,
        c.Threshold,
        c.Scores,
        c.ThresholdClearingAll);
}
