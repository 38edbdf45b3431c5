using AlignLab.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace AlignLab.Constitutions.Loading;

/// <summary>
/// intervention_thresholds, and the thresholds of contexts and profiles: every name read here acts (safety: the classifier's
/// unsafe threshold; toxicity: the toxic categories' threshold; category ids in contexts and profiles), and the seed-format
/// names without a detector behind them (bias, factuality) are errors that say what to use.
/// </summary>
internal sealed class ThresholdsSectionReader : ISectionReader
{
    public string Key => "intervention_thresholds";

    public void Read(SectionReadContext context, YamlNode value)
    {
        var draft = context.Draft;
        foreach (var (key, keyAt, threshold) in ReadMap(context.Reader, value, Key, categoriesAllowed: false))
        {
            draft.Thresholds[key] = threshold;
            draft.ThresholdKeys[key] = keyAt;
        }
    }

    /// <summary>The thresholds of a mapping whose names are known; a context's or profile's may also name categories.</summary>
    public static List<(string Name, SourceLocation KeyAt, double Value)> ReadMap(
        YamlNodeReader r, YamlNode value, string what, bool categoriesAllowed)
    {
        var result = new List<(string, SourceLocation, double)>();
        var map = r.Mapping(value, what);
        if (map is null)
        {
            return result;
        }

        foreach (var (key, keyNode, v) in r.Entries(map, what, null))
        {
            var p = r.Probability(v, $"threshold '{key}'");
            if (p is not null && IsThresholdName(r, key, keyNode, categoriesAllowed))
            {
                result.Add((key, r.At(keyNode), p.Value));
            }
        }

        return result;
    }

    private static bool IsThresholdName(YamlNodeReader r, string key, YamlNode keyNode, bool categoriesAllowed)
    {
        if (ThresholdNames.Known.Contains(key))
        {
            return true;
        }

        if (ThresholdNames.Unsupported.TryGetValue(key, out var instead))
        {
            r.Diagnostics.Error(DiagnosticCodes.InvalidValue, $"'{key}' has no detector, so this threshold would never act", r.At(keyNode),
                instead);
            return false;
        }

        if (HarmCategory.TryFind(key, out var category))
        {
            if (categoriesAllowed)
            {
                return true;
            }

            r.Diagnostics.Error(DiagnosticCodes.UnknownKey, $"intervention_thresholds does not take category '{key}'", r.At(keyNode),
                $"set categories: {{{category.Id}: {{threshold: …}}}}, or a context's or profile's thresholds");
            return false;
        }

        string[] names = categoriesAllowed ? [.. ThresholdNames.Known, .. HarmCategory.Ids] : [.. ThresholdNames.Known];
        r.Diagnostics.Error(DiagnosticCodes.UnknownKey, $"unknown threshold '{YamlNodeReader.Shorten(key)}'", r.At(keyNode),
            Suggestions.Hint(key, names));
        return false;
    }
}
