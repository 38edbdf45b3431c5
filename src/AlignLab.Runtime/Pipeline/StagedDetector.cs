using AlignLab.Constitutions;
using AlignLab.Runtime.Detectors;

namespace AlignLab.Runtime.Pipeline;

/// <summary>A detector (typically an LLM judge) registered for some stages.</summary>
/// <param name="Detector">The detector.</param>
/// <param name="Stages">Input and/or output.</param>
/// <param name="Threshold">Unsafe score at or above which a flag counts.</param>
/// <param name="Timeout">Per-call timeout; exceeding it is a detector failure.</param>
public sealed record StagedDetector(IGuardDetector Detector, PolicyStage Stages, double Threshold, TimeSpan Timeout)
{
    /// <summary>
    /// True for an escalation judge (<c>when: uncertain</c>): it is called only when the stage's classifier score is in the
    /// constitution's <c>classifier.uncertain_band</c>. Under the band the text goes on without the call; at or over the
    /// unsafe threshold, when the classifier acted, its decision stands. The constitution must set the band.
    /// </summary>
    public bool UncertainBandOnly { get; init; }
}
