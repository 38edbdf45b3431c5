using AlignLab.Classification;
using AlignLab.Detectors;
using AlignLab.Normalization;

namespace AlignLab.Rules;

/// <summary>How a <see cref="RuleEngine"/> is built: its normaliser, its classifier and the detectors added from outside the core.</summary>
public sealed record RuleEngineOptions
{
    /// <summary>The normaliser (null: <see cref="TextNormalizer.Default"/>).</summary>
    public TextNormalizer? Normalizer { get; init; }

    /// <summary>The safety classifier checked against the constitution's categories, if any.</summary>
    public SafetyClassifier? Classifier { get; init; }

    /// <summary>
    /// Detectors run after the rules and the classifier, in this order; their findings go to the same
    /// <see cref="DecisionCombiner"/> (a detection decides only when it is strictly more protective than every rule).
    /// </summary>
    public IReadOnlyList<IDetector> Detectors { get; init; } = [];

    /// <summary>
    /// A tier that refines the classifier's unsafe score of the normalised text (the contextual tier); null: the fast
    /// score decides alone. It needs <see cref="Classifier"/>.
    /// </summary>
    public IUnsafeScoreRefiner? ScoreRefiner { get; init; }
}
