using System.Collections.Immutable;
using YamlDotNet.RepresentationModel;

namespace AlignLab.Constitutions.Loading;

/// <summary>
/// contexts and profiles: named adjustments of the policy (rules switched off or on, actions and thresholds changed). The rules,
/// thresholds and parents they name are checked by <see cref="AdjustmentValidator"/> once every file is read.
/// </summary>
internal sealed class AdjustmentsSectionReader(string key, Func<ConstitutionDraft, Dictionary<string, PolicyAdjustment>> target) : ISectionReader
{
    internal static readonly string[] Keys =
    [
        "description", "extends", "disable_rules", "enable_rules", "rule_actions", "thresholds", "category_actions", "system_guidance",
    ];

    public string Key { get; } = key;

    public void Read(SectionReadContext context, YamlNode value)
    {
        var r = context.Reader;
        var adjustments = target(context.Draft);
        foreach (var (name, keyNode, v) in context.Entries(value, Key, null))
        {
            var what = $"{Key} '{name}'";
            var amap = r.Mapping(v, what);
            if (amap is null)
            {
                continue;
            }

            var adj = new PolicyAdjustment { Name = name, Location = r.At(keyNode) };
            foreach (var (k, _, av) in r.Entries(amap, what, Keys))
            {
                adj = k switch
                {
                    "description" => adj with { Description = r.String(av, "description") },
                    "extends" => adj with { Extends = r.String(av, "extends") },
                    "system_guidance" => adj with { SystemGuidance = r.String(av, "system_guidance") },
                    "disable_rules" => adj with { DisableRules = RuleRefs(r, av, "disable_rules") },
                    "enable_rules" => adj with { EnableRules = RuleRefs(r, av, "enable_rules") },
                    "thresholds" => adj with { Thresholds = Thresholds(r, av, $"{what} thresholds") },
                    "rule_actions" => adj with { RuleActions = ActionMap(r, av, "rule_actions", categories: false) },
                    _ => adj with { CategoryActions = ActionMap(r, av, "category_actions", categories: true) },
                };
            }

            adjustments[name] = adj;
        }
    }

    private static ImmutableArray<string> RuleRefs(YamlNodeReader r, YamlNode node, string what) =>
        [.. r.StringList(node, what).Select(x => x.Value)];

    private static ImmutableDictionary<string, double> Thresholds(YamlNodeReader r, YamlNode node, string what) =>
        ThresholdsSectionReader.ReadMap(r, node, what, categoriesAllowed: true)
            .ToImmutableDictionary(t => t.Name, t => t.Value, StringComparer.Ordinal);

    /// <summary>Rule ids or category ids (a category by any of its names) mapped to actions.</summary>
    private static ImmutableDictionary<string, AlignmentAction> ActionMap(YamlNodeReader r, YamlNode node, string what, bool categories)
    {
        var result = ImmutableDictionary.CreateBuilder<string, AlignmentAction>(StringComparer.Ordinal);
        var map = r.Mapping(node, what);
        if (map is null)
        {
            return result.ToImmutable();
        }

        foreach (var (key, keyNode, v) in r.Entries(map, what, null))
        {
            var k = key;
            if (categories)
            {
                if (!NamedValues.Categories.TryParse(r, key, r.At(keyNode), out var c, shorten: false))
                {
                    continue;
                }

                k = c.Id;
            }

            if (NamedValues.Actions.Read(r, v, "action", out var action) == NamedValue.Read)
            {
                result[k] = action;
            }
        }

        return result.ToImmutable();
    }
}
