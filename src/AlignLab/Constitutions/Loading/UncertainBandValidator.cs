using System.Globalization;
using AlignLab.Diagnostics;

namespace AlignLab.Constitutions.Loading;

/// <summary>
/// A judge with 'when: uncertain' needs classifier.uncertain_band, and the band must be non-empty under every unsafe threshold
/// the file sets (the classifier's own, intervention_thresholds.safety, and each context's and profile's).
/// </summary>
internal sealed class UncertainBandValidator : IConstitutionValidator
{
    public void Validate(ConstitutionDraft draft, DiagnosticBag diagnostics)
    {
        if (draft.Classifier.UncertainBand is not { } band)
        {
            foreach (var judge in RuntimeReferenceValidator.Accepted(draft).Where(j => j.Spec.When == JudgeWhen.Uncertain))
            {
                diagnostics.Error(DiagnosticCodes.MissingRequired,
                    $"judge '{judge.Spec.Id}' runs only in the classifier's uncertain band, but classifier.uncertain_band is not set", judge.WhenAt,
                    "add classifier: {uncertain_band: {low: 0.2}}, or use when: always");
            }

            return;
        }

        foreach (var (source, value) in UnsafeThresholds(draft).Where(t => band.Low >= t.Value))
        {
            diagnostics.Error(DiagnosticCodes.ThresholdOutOfRange,
                string.Create(CultureInfo.InvariantCulture,
                    $"uncertain_band.low {band.Low:0.###} is not below {source} {value:0.###}, so the band would be empty"),
                band.Location, "the band runs from low up to the unsafe threshold: set low under every unsafe threshold");
        }
    }

    private static List<(string Source, double Value)> UnsafeThresholds(ConstitutionDraft draft)
    {
        var thresholds = new List<(string Source, double Value)>();
        if (draft.Classifier.Threshold is { } own)
        {
            thresholds.Add(("classifier.threshold", own));
        }

        if (draft.Thresholds.TryGetValue(ThresholdNames.Safety, out var safety))
        {
            thresholds.Add(("intervention_thresholds.safety", safety));
        }

        foreach (var (kind, adjustments) in new[] { ("context", draft.Contexts), ("profile", draft.Profiles) })
        {
            foreach (var adj in adjustments.Values.OrderBy(a => a.Name, StringComparer.Ordinal))
            {
                if (adj.Thresholds.TryGetValue(ThresholdNames.Safety, out var s))
                {
                    thresholds.Add(($"{kind} '{adj.Name}' thresholds.safety", s));
                }
            }
        }

        return thresholds;
    }
}
