using AlignLab.Constitution;
using AlignLab.Runtime.Detectors;

namespace AlignLab.Runtime.Pipeline;

/// <summary>A detector (typically an LLM judge) registered for some stages.</summary>
/// <param name="Detector">The detector.</param>
/// <param name="Stages">Input and/or output.</param>
/// <param name="Threshold">Unsafe score at or above which a flag counts.</param>
/// <param name="Timeout">Per-call timeout; exceeding it is a detector failure.</param>
public sealed record StagedDetector(IGuardDetector Detector, PolicyStage Stages, double Threshold, TimeSpan Timeout);
