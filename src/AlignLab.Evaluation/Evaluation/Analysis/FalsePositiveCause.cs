using AlignLab.Constitutions;

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
    /// as candidate <c>unless:</c> exceptions. Each would suppress the trigger occurrence it was taken from; only
    /// candidates that let no checked harmful case through are kept (see <see cref="RejectedCandidates"/>).
    /// </summary>
    public IReadOnlyList<PhraseCount> UnlessCandidates { get; init; } = [];

    /// <summary>
    /// Rules only: candidates that were dropped because, added to the rule's <c>unless:</c>, they let at least one
    /// harmful case through that the guard blocks today.
    /// </summary>
    public IReadOnlyList<RejectedCandidate> RejectedCandidates { get; init; } = [];

    /// <summary>
    /// Rules only: the harmful cases (the bundled suites' harmful cases plus the harmful rows given) that the guard blocks and
    /// this rule matches, against which every candidate was checked; null when no check ran.
    /// </summary>
    public int? HarmfulChecked { get; init; }

    /// <summary>The cause's harm category must never be relaxed (<see cref="HarmCategory.NeverRelaxed"/>): no exception or threshold is suggested.</summary>
    public bool NeverRelaxed { get; init; }

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
