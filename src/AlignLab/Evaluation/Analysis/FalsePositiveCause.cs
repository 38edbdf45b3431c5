namespace AlignLab.Evaluation.Analysis;

/// <summary>
/// One cause of false positives: a rule or a classifier category that decided to stop benign cases, with how often,
/// the phrases behind it, examples, and a mechanical fix where there is one.
/// </summary>
public sealed record FalsePositiveCause
{
    /// <summary>Whether a rule, a classifier category or a failed check decided.</summary>
    public required FalsePositiveCauseKind Kind { get; init; }

    /// <summary>The rule id, the category id, or <c>check_failure</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The most frequent action this cause took on its false positives (e.g. <c>refuse_politely</c>).</summary>
    public required string Action { get; init; }

    /// <summary>Number of false positives this cause decided.</summary>
    public required int Count { get; init; }

    /// <summary><see cref="Count"/> as a share of all false positives (0–1).</summary>
    public required double Share { get; init; }

    /// <summary>
    /// The phrases most often involved, most frequent first: a rule's trigger and context evidence, or the phrases the
    /// classifier's explanation credits for the category's score.
    /// </summary>
    public required IReadOnlyList<PhraseCount> Phrases { get; init; }

    /// <summary>Up to <see cref="FalsePositiveOptions.Examples"/> example prompts, in reading order.</summary>
    public required IReadOnlyList<FalsePositiveExample> Examples { get; init; }

    /// <summary>
    /// Rules only: benign phrases that contain the trigger (the trigger with its neighbouring word), most frequent first,
    /// as candidate <c>unless:</c> exceptions. Each would suppress the trigger occurrence it was taken from.
    /// </summary>
    public IReadOnlyList<PhraseCount> UnlessCandidates { get; init; } = [];

    /// <summary>Rules only: the rule's current <c>unless:</c> pattern, if any.</summary>
    public string? ExistingUnless { get; init; }

    /// <summary>Classifier only: the threshold in force for the category.</summary>
    public double? Threshold { get; init; }

    /// <summary>Classifier only: the category scores of its false positives.</summary>
    public ScoreQuantiles? Scores { get; init; }

    /// <summary>Classifier only: the lowest threshold (two decimals) above every false-positive score; at most 1.</summary>
    public double? ThresholdClearingAll { get; init; }

    /// <summary>The suggested fix in one sentence.</summary>
    public required string Suggestion { get; init; }
}
