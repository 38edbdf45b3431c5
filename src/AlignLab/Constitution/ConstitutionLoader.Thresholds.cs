using AlignLab.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace AlignLab.Constitution;

// intervention_thresholds, the thresholds of contexts and profiles, and the classifier section: every name read here acts
// (safety: the classifier's unsafe threshold; toxicity: the toxic categories' threshold; category ids in contexts and
// profiles), and the seed-format names without a detector behind them (bias, factuality) are errors that say what to use.
public static partial class ConstitutionLoader
{
    internal static readonly string[] ClassifierKeys = ["threshold", "action", "message", "stages", "enabled", "uncertain_band"];

    private sealed partial class LoadState
    {
        private readonly HashSet<string> _ownThresholds = new(StringComparer.Ordinal);
        private readonly Dictionary<string, SourceLocation> _thresholdKeys = new(StringComparer.Ordinal);
        private ClassifierPolicy _classifier = new();

        private void ReadThresholds(YamlNodeReader r, YamlNode value, Dictionary<string, double> target, string what, bool categoriesAllowed)
        {
            var map = r.Mapping(value, what);
            if (map is null)
            {
                return;
            }

            foreach (var (key, keyNode, v) in r.Entries(map, what, null))
            {
                var p = r.Probability(v, $"threshold '{key}'");
                if (p is null || !IsThresholdName(r, key, keyNode, categoriesAllowed))
                {
                    continue;
                }

                target[key] = p.Value;
                if (!categoriesAllowed)
                {
                    _thresholdKeys[key] = r.At(keyNode);
                }
            }
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

        private void ReadClassifier(YamlNodeReader r, YamlNode value)
        {
            var map = r.Mapping(value, "classifier");
            if (map is null)
            {
                return;
            }

            var c = _classifier with { Location = r.At(value) };
            foreach (var (key, _, v) in r.Entries(map, "classifier", ClassifierKeys))
            {
                switch (key)
                {
                    case "threshold":
                        c = c with { Threshold = r.Probability(v, "classifier threshold") ?? c.Threshold };
                        break;
                    case "action":
                        var name = r.String(v, "action");
                        if (name is not null && AlignmentActions.TryParse(name, out var a))
                        {
                            c = c with { Action = a };
                        }
                        else if (name is not null)
                        {
                            r.Diagnostics.Error(DiagnosticCodes.UnknownAction, $"unknown action '{YamlNodeReader.Shorten(name)}'", r.At(v),
                                Suggestions.Hint(name, AlignmentActions.Names));
                        }

                        break;
                    case "message":
                        c = c with { Message = r.String(v, "message") };
                        break;
                    case "stages":
                        c = c with { Stages = ReadStageList(r, v) ?? c.Stages };
                        break;
                    case "enabled":
                        c = c with { Enabled = r.Boolean(v, "enabled") ?? c.Enabled };
                        break;
                    case "uncertain_band":
                        c = c with { UncertainBand = ReadUncertainBand(r, v) ?? c.UncertainBand };
                        break;
                }
            }

            _classifier = c;
        }

        /// <summary>
        /// The categories with <c>intervention_thresholds.toxicity</c> applied: it is the threshold of each toxic category that
        /// does not give its own, and a toxic category the file does not list is checked at it with the classifier's action.
        /// </summary>
        private Dictionary<string, CategoryPolicy> WithToxicity(Dictionary<string, CategoryPolicy> categories)
        {
            if (!_thresholds.TryGetValue(ThresholdNames.Toxicity, out var toxicity))
            {
                return categories;
            }

            var result = new Dictionary<string, CategoryPolicy>(categories, StringComparer.Ordinal);
            var where = _thresholdKeys.GetValueOrDefault(ThresholdNames.Toxicity, SourceLocation.FileOnly("intervention_thresholds"));
            foreach (var category in ThresholdNames.ToxicCategories)
            {
                if (result.TryGetValue(category.Id, out var policy))
                {
                    if (!_ownThresholds.Contains(category.Id))
                    {
                        result[category.Id] = policy with { Threshold = toxicity };
                    }
                }
                else
                {
                    var message = $"I can't help with that request ({category.DisplayName.ToLowerInvariant()}).";
                    result[category.Id] = new CategoryPolicy(category, toxicity, _classifier.Action, message, PolicyStage.All, true, where);
                }
            }

            return result;
        }
    }
}
