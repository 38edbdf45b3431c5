namespace AlignLab.Evaluation.Profiling;

/// <summary>How long one stage of the input guard took per case, in microseconds.</summary>
/// <param name="Stage">normalize, classify, rules_and_decision (derived) or evaluate (the whole guard).</param>
/// <param name="Samples">Timed evaluations (cases × passes).</param>
/// <param name="P50Us">Median; null for the derived stage.</param>
/// <param name="P95Us">95th percentile; null for the derived stage.</param>
/// <param name="MeanUs">Mean.</param>
/// <param name="MaxUs">Slowest; null for the derived stage.</param>
/// <param name="Share">Total time of the stage as a share of the whole guard's total (evaluate = 1).</param>
public sealed record StageTiming(string Stage, int Samples, double? P50Us, double? P95Us, double MeanUs, double? MaxUs, double Share)
{
    /// <summary>Text normalisation (<see cref="Normalization.TextNormalizer.Normalize"/>).</summary>
    public const string Normalize = "normalize";

    /// <summary>The safety classifier on the normalised text.</summary>
    public const string Classify = "classify";

    /// <summary>What is left of <see cref="Evaluate"/>: rule matching, evidence, explanations and the decision (mean only).</summary>
    public const string RulesAndDecision = "rules_and_decision";

    /// <summary>The whole input guard (<see cref="Rules.RuleEngine.Evaluate"/>).</summary>
    public const string Evaluate = "evaluate";
}
