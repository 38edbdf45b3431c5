namespace AlignLab.Evaluation.Profiling;

/// <summary>How long one stage of the input guard took per case, in microseconds.</summary>
/// <param name="Stage">normalize, classify, rules_and_decision or evaluate (the whole guard: the sum of the others, call by call).</param>
/// <param name="Samples">Timed evaluations (cases × passes).</param>
/// <param name="P50Us">Median (null only in profiles written before the stages were timed inside one call).</param>
/// <param name="P95Us">95th percentile (null only in such older profiles).</param>
/// <param name="MeanUs">Mean.</param>
/// <param name="MaxUs">Slowest (null only in such older profiles).</param>
/// <param name="Share">Total time of the stage as a share of the whole guard's total (evaluate = 1; the other shares are in [0, 1] and add up to 1).</param>
public sealed record StageTiming(string Stage, int Samples, double? P50Us, double? P95Us, double MeanUs, double? MaxUs, double Share)
{
    /// <summary>Option checks and text normalisation inside the guard call.</summary>
    public const string Normalize = "normalize";

    /// <summary>The safety classifier on the normalised text, inside the guard call (with explanations when evidence is collected).</summary>
    public const string Classify = "classify";

    /// <summary>The rule scan and matching plus building the decision, inside the guard call.</summary>
    public const string RulesAndDecision = "rules_and_decision";

    /// <summary>The whole input guard (<see cref="Rules.RuleEngine.Evaluate"/>).</summary>
    public const string Evaluate = "evaluate";
}
