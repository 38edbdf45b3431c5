using AlignLab.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace AlignLab.Constitutions.Loading;

/// <summary>classifier: the classifier's own threshold, action, message, stages and uncertain band.</summary>
internal sealed class ClassifierSectionReader() : SettingsSectionReader<ClassifierPolicy>(
    "classifier", Keys, d => d.Classifier, (d, v) => d.Classifier = v)
{
    internal static readonly string[] Keys = ["threshold", "action", "message", "stages", "enabled", "uncertain_band"];
    internal static readonly string[] UncertainBandKeys = ["low"];

    protected override ClassifierPolicy Start(SectionReadContext context, YamlNode value, ClassifierPolicy current) =>
        current with { Location = context.At(value) };

    protected override ClassifierPolicy Apply(SectionReadContext context, string key, YamlNode value, ClassifierPolicy current)
    {
        var r = context.Reader;
        return key switch
        {
            "threshold" => current with { Threshold = r.Probability(value, "classifier threshold") ?? current.Threshold },
            "action" => NamedValues.Actions.Read(r, value, "action", out var a) == NamedValue.Read ? current with { Action = a } : current,
            "message" => current with { Message = r.String(value, "message") },
            "stages" => current with { Stages = SectionValues.Stages(r, value) ?? current.Stages },
            "enabled" => current with { Enabled = r.Boolean(value, "enabled") ?? current.Enabled },
            _ => current with { UncertainBand = ReadUncertainBand(r, value) ?? current.UncertainBand },
        };
    }

    /// <summary>
    /// classifier.uncertain_band: a judge with 'when: uncertain' runs only for text whose unsafe score is from the band's low end
    /// up to the unsafe threshold.
    /// </summary>
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
}
