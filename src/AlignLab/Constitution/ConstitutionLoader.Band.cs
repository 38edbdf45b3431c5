using AlignLab.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace AlignLab.Constitution;

// classifier.uncertain_band and a judge's 'when:': a judge with 'when: uncertain' runs only for text whose unsafe score is
// from the band's low end up to the unsafe threshold. The band must be non-empty under every unsafe threshold the file sets,
// and such a judge needs the band.
public static partial class ConstitutionLoader
{
    internal static readonly string[] UncertainBandKeys = ["low"];

    private sealed partial class LoadState
    {
        private readonly List<(string Judge, SourceLocation Where)> _uncertainJudges = [];

        private static UncertainBand? ReadUncertainBand(YamlNodeReader r, YamlNode value)
        {
            var map = r.Mapping(value, "uncertain_band");
            if (map is null)
            {
                return null;
            }

            UncertainBand? band = null;
            foreach (var (key, _, v) in r.Entries(map, "uncertain_band", UncertainBandKeys))
            {
                if (key != "low" || r.Probability(v, "uncertain_band.low") is not { } low)
                {
                    continue;
                }

                if (low >= 1)
                {
                    r.Diagnostics.Error(DiagnosticCodes.ThresholdOutOfRange, "uncertain_band.low must be below 1", r.At(v),
                        "the band runs from low up to the unsafe threshold: use a value such as 0.2");
                    continue;
                }

                band = new UncertainBand(low, r.At(v));
            }

            if (band is null && !map.Children.Keys.OfType<YamlScalarNode>().Any(k => k.Value == "low"))
            {
                r.Diagnostics.Error(DiagnosticCodes.MissingRequired, "uncertain_band needs 'low'", r.At(value),
                    "write uncertain_band: {low: 0.2}; the high end is the unsafe threshold");
            }

            return band;
        }

        private static JudgeWhen? ReadJudgeWhen(YamlNodeReader r, YamlNode value)
        {
            var name = r.String(value, "when");
            if (name is null)
            {
                return null;
            }

            var index = JudgeSpec.WhenNames.ToList().IndexOf(name);
            if (index < 0)
            {
                r.Diagnostics.Error(DiagnosticCodes.InvalidValue, $"unknown judge 'when' value '{YamlNodeReader.Shorten(name)}'", r.At(value),
                    Suggestions.Hint(name, [.. JudgeSpec.WhenNames]));
                return null;
            }

            return (JudgeWhen)index;
        }

        private void CheckUncertainBand()
        {
            if (_classifier.UncertainBand is not { } band)
            {
                foreach (var (judge, where) in _uncertainJudges)
                {
                    _diagnostics.Error(DiagnosticCodes.MissingRequired,
                        $"judge '{judge}' runs only in the classifier's uncertain band, but classifier.uncertain_band is not set", where,
                        "add classifier: {uncertain_band: {low: 0.2}}, or use when: always");
                }

                return;
            }

            var thresholds = new List<(string Source, double Value)>();
            if (_classifier.Threshold is { } own)
            {
                thresholds.Add(("classifier.threshold", own));
            }

            if (_thresholds.TryGetValue(ThresholdNames.Safety, out var safety))
            {
                thresholds.Add(("intervention_thresholds.safety", safety));
            }

            foreach (var (kind, adjustments) in new[] { ("context", _contexts), ("profile", _profiles) })
            {
                foreach (var adj in adjustments.Values.OrderBy(a => a.Name, StringComparer.Ordinal))
                {
                    if (adj.Thresholds.TryGetValue(ThresholdNames.Safety, out var s))
                    {
                        thresholds.Add(($"{kind} '{adj.Name}' thresholds.safety", s));
                    }
                }
            }

            foreach (var (source, value) in thresholds.Where(t => band.Low >= t.Value))
            {
                _diagnostics.Error(DiagnosticCodes.ThresholdOutOfRange,
                    Inv($"uncertain_band.low {band.Low:0.###} is not below {source} {value:0.###}, so the band would be empty"),
                    band.Location, "the band runs from low up to the unsafe threshold: set low under every unsafe threshold");
            }
        }

        private static string Inv(FormattableString s) => s.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
