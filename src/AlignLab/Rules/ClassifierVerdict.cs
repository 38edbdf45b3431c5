using AlignLab.Constitutions;

namespace AlignLab.Rules;

/// <summary>
/// What the safety classifier's scores meant for a decision: the overall unsafe score against the threshold in force, the
/// text view whose scores decided, and whether and why the classifier acted. Present on every decision made with a
/// classifier, whether it acted or not.
/// </summary>
public sealed record ClassifierVerdict
{
    /// <summary>The unsafe score of <see cref="View"/>.</summary>
    public required float Unsafe { get; init; }

    /// <summary>The unsafe threshold in force.</summary>
    public required float Threshold { get; init; }

    /// <summary>
    /// Where <see cref="Threshold"/> comes from: <c>profile 'name'</c>, <c>context 'name'</c>,
    /// <c>intervention_thresholds.safety</c>, <c>classifier.threshold</c> or <c>model</c> (the model's calibrated threshold).
    /// </summary>
    public required string ThresholdSource { get; init; }

    /// <summary>
    /// The view whose scores decided (<c>normalized</c>, <c>base64</c>, <c>hex</c>, <c>rot13</c>, <c>leetspeak</c>,
    /// <c>payload_split</c>, …): the one that acted, or the one with the highest unsafe score when none did.
    /// </summary>
    public required string View { get; init; }

    /// <summary>True when the classifier asked for an action (a rule may still have asked for a more protective one).</summary>
    public required bool Acted { get; init; }

    /// <summary>The action the classifier asked for (<see cref="AlignmentAction.Allow"/> when it did not act).</summary>
    public AlignmentAction Action { get; init; }

    /// <summary>The category it named: the deciding category, or the highest category head when none passed its own threshold.</summary>
    public required HarmCategory Category { get; init; }

    /// <summary>The score of <see cref="Category"/>, read as conditional on the text being unsafe.</summary>
    public required float CategoryScore { get; init; }

    /// <summary>
    /// Where <see cref="Unsafe"/> lies against <c>classifier.uncertain_band</c> and <see cref="Threshold"/>; null when the
    /// constitution sets no band. Judges with <c>when: uncertain</c> run only <see cref="BandPosition.Within"/> it.
    /// </summary>
    public BandPosition? Band { get; init; }

    /// <summary>The band's low end (<c>classifier.uncertain_band.low</c>); null when there is no band.</summary>
    public float? BandLow { get; init; }

    /// <summary>
    /// The fast classifier's own unsafe score of <see cref="View"/> when a refining tier is plugged in
    /// (<see cref="Detectors.IUnsafeScoreRefiner"/>); <see cref="Unsafe"/> is then the score that decided. Null without one.
    /// </summary>
    public float? FastUnsafe { get; init; }

    /// <summary>
    /// Which tier's score decided when a refining tier is plugged in: <c>fast</c>, or the tier's name
    /// (<c>contextual</c>). Null without one.
    /// </summary>
    public string? DecidedBy { get; init; }

    /// <summary>One sentence saying why the classifier acted or did not.</summary>
    public required string Reason { get; init; }
}
