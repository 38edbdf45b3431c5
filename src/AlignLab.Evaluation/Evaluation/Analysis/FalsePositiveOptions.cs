using AlignLab.Rules;

namespace AlignLab.Evaluation.Analysis;

/// <summary>Settings for <see cref="FalsePositiveAnalyzer"/>.</summary>
public sealed record FalsePositiveOptions
{
    /// <summary>Context and profile for the guard (evidence is always collected).</summary>
    public EvaluationOptions Evaluation { get; init; } = EvaluationOptions.Default;

    /// <summary>Example prompts kept per cause.</summary>
    public int Examples { get; init; } = 3;

    /// <summary>Characters an example prompt is truncated to.</summary>
    public int ExampleLength { get; init; } = 100;

    /// <summary>Phrases kept per cause.</summary>
    public int Phrases { get; init; } = 8;

    /// <summary>Candidate <c>unless:</c> exceptions kept per rule.</summary>
    public int UnlessCandidates { get; init; } = 5;

    /// <summary>
    /// Check candidate <c>unless:</c> exceptions against the bundled suites' harmful cases (harmful, jailbreaks,
    /// injections) as well as the harmful rows given
    /// (default true; the harmful rows given are always used).
    /// </summary>
    public bool CheckBundledHarmful { get; init; } = true;

    /// <summary>Phrases asked of the classifier's explanation per case.</summary>
    public int ExplanationPhrases { get; init; } = 5;
}
