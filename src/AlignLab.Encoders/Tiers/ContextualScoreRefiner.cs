using AlignLab.Classification;
using AlignLab.Detectors;

namespace AlignLab.Encoders.Tiers;

/// <summary>
/// The contextual tier as the rule engine's second opinion on the unsafe score (issue 15): set it as
/// <c>AlignmentOptions.ScoreRefiner</c> or <c>RuleEngineOptions.ScoreRefiner</c>. For the normalised text, the fast score
/// the engine computed is stacked with the encoder's head when it is in the tier's band (or always, with
/// <see cref="ContextualTierOptions.Always"/>); the stacked probability and the tier's threshold then decide, and the
/// decision records both scores and <c>decided_by</c>. The categories stay the fast tier's. It does not own the tier.
/// </summary>
public sealed class ContextualScoreRefiner(ContextualTier tier) : IUnsafeScoreRefiner
{
    /// <inheritdoc />
    public string Name => "contextual";

    /// <inheritdoc />
    public UnsafeScoreRefinement? Refine(string text, SafetyScores fast)
    {
        var scores = tier.Score(text, fast);
        return scores.Stacked is { } stacked ? new UnsafeScoreRefinement(stacked, scores.Threshold) : null;
    }
}
