using AlignLab.Diagnostics;

namespace AlignLab.Constitutions;

/// <summary>
/// The <c>classifier:</c> section: what the safety classifier's overall unsafe score does on its own. When the score
/// reaches the unsafe threshold and no category passes its own threshold, the classifier still acts, with
/// <see cref="Action"/> and the top category named; when categories pass theirs, they choose the action and message.
/// </summary>
/// <remarks>
/// The threshold in force is, from most to least specific: a context's or profile's <c>thresholds: {safety: …}</c>,
/// <c>intervention_thresholds.safety</c>, <see cref="Threshold"/>, and the model's own calibrated threshold.
/// </remarks>
public sealed record ClassifierPolicy
{
    /// <summary><c>classifier.threshold</c>: the unsafe threshold (0–1); null for the model's calibrated one.</summary>
    public double? Threshold { get; init; }

    /// <summary>What an unsafe score at or over the threshold does when no category passes its own threshold.</summary>
    public AlignmentAction Action { get; init; } = AlignmentAction.RefusePolitely;

    /// <summary>The refusal text for <see cref="Action"/>; null for the constitution's default message.</summary>
    public string? Message { get; init; }

    /// <summary>The stages where the unsafe score acts on its own.</summary>
    public PolicyStage Stages { get; init; } = PolicyStage.All;

    /// <summary>Whether the unsafe score acts on its own (categories still act when this is false).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// <c>classifier.uncertain_band</c>: the scores between its low end and the unsafe threshold, where judges with
    /// <c>when: uncertain</c> run; null when the constitution sets none.
    /// </summary>
    public UncertainBand? UncertainBand { get; init; }

    /// <summary>Where the section was written; null when the constitution has none.</summary>
    public SourceLocation? Location { get; init; }
}
