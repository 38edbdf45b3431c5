using AlignLab.Detectors;
using AlignLab.Runtime.Detectors;

namespace AlignLab.Runtime.Judges;

/// <summary>One call of a judge: its finding for the combiner, and for the trace its raw result or its failure.</summary>
/// <param name="Finding">What the judge adds to the decision: a detection when it flagged, a failure when it failed.</param>
/// <param name="Result">The judge's answer; null when it failed.</param>
/// <param name="Error">Why the judge failed (a <see cref="TimeoutException"/> when it did not answer in time); null otherwise.</param>
/// <param name="Elapsed">How long the call took.</param>
internal sealed record JudgeRun(DetectorFinding Finding, DetectorResult? Result, Exception? Error, TimeSpan Elapsed);
