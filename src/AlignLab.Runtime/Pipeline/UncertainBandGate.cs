using System.Globalization;
using AlignLab.Constitutions;
using AlignLab.Rules;

namespace AlignLab.Runtime.Pipeline;

/// <summary>
/// Decides whether an escalation judge (<see cref="StagedDetector.UncertainBandOnly"/>) is called for a stage, from the
/// classifier's verdict on the same text, and says why not when it is not.
/// </summary>
internal static class UncertainBandGate
{
    /// <summary>Null when <paramref name="detector"/> is to be called; otherwise the reason it is skipped.</summary>
    public static string? SkipReason(StagedDetector detector, ClassifierVerdict? verdict)
    {
        if (!detector.UncertainBandOnly || verdict is not { Band: { } band })
        {
            return null; // not gated, or no classifier score to gate on: the judge runs
        }

        var name = detector.Detector.Name;
        return band switch
        {
            BandPosition.Below => Inv($"{name}: not called, unsafe {verdict.Unsafe:0.00} is under the uncertain band ")
                + Inv($"[{verdict.BandLow:0.00}, {verdict.Threshold:0.00}) ({verdict.ThresholdSource}), so the text goes on without it"),
            BandPosition.Above when verdict.Acted => Inv($"{name}: not called, unsafe {verdict.Unsafe:0.00} ≥ {verdict.Threshold:0.00} ")
                + $"({verdict.ThresholdSource}) is over the uncertain band, so the classifier's {verdict.Action.ToName()} stands",
            _ => null, // in the band, or over it with the classifier not acting (disabled at this stage): the judge decides
        };
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
