using AlignLab.Classification;

namespace AlignLab.Detectors;

/// <summary>
/// A second opinion on the classifier's unsafe score (a classifier tier, such as the contextual tier of
/// AlignLab.Encoders), plugged in from outside the core through <see cref="Rules.RuleEngineOptions.ScoreRefiner"/>.
/// The engine asks it about the normalised text after the fast classifier and before the unsafe-threshold check; a
/// refined score and its threshold then decide for that view, while the categories and messages stay the fast tier's.
/// </summary>
public interface IUnsafeScoreRefiner
{
    /// <summary>The tier's name in verdicts and traces (<c>decided_by</c>), e.g. <c>contextual</c>.</summary>
    string Name { get; }

    /// <summary>
    /// The refined unsafe probability of <paramref name="text"/> given the fast tier's <paramref name="fast"/> scores, or
    /// null when the tier is not consulted for this score (the fast score then decides).
    /// </summary>
    UnsafeScoreRefinement? Refine(string text, SafetyScores fast);
}
