using AlignLab.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace AlignLab.Constitutions.Loading;

/// <summary>categories: per harm category, the classifier threshold, action, message and stages; a later file adds to an earlier one.</summary>
internal sealed class CategoriesSectionReader : ISectionReader
{
    internal static readonly string[] Keys = ["threshold", "action", "message", "stages", "enabled"];

    public string Key => "categories";

    public void Read(SectionReadContext context, YamlNode value)
    {
        var r = context.Reader;
        foreach (var (key, keyNode, v) in context.Entries(value, Key, null))
        {
            if (!NamedValues.Categories.TryParse(r, key, r.At(keyNode), out var category, shorten: false))
            {
                continue;
            }

            var cmap = r.Mapping(v, $"category '{key}'");
            if (cmap is not null && ReadCategory(context, key, cmap, category, r.At(keyNode)) is { } policy)
            {
                context.Draft.Categories[category.Id] = policy;
            }
        }
    }

    private static CategoryPolicy? ReadCategory(SectionReadContext context, string key, YamlMappingNode cmap, HarmCategory category,
        SourceLocation at)
    {
        var r = context.Reader;
        var existing = context.Draft.Categories.GetValueOrDefault(category.Id);
        var threshold = existing?.Threshold ?? 0.5;
        var action = existing?.Action ?? AlignmentAction.RefusePolitely;
        var message = existing?.Message;
        var stages = existing?.Stages ?? PolicyStage.All;
        var enabled = existing?.Enabled ?? true;
        var ok = true;
        foreach (var (ckey, _, cv) in r.Entries(cmap, $"category '{key}'", Keys))
        {
            switch (ckey)
            {
                case "threshold":
                    var t = r.Probability(cv, $"threshold of '{key}'");
                    if (t is null)
                    {
                        ok = false;
                    }
                    else
                    {
                        threshold = t.Value;
                        context.Draft.OwnThresholds.Add(category.Id);
                    }

                    break;
                case "action":
                    var read = NamedValues.Actions.Read(r, cv, "action", out var a);
                    action = read == NamedValue.Read ? a : action;
                    ok &= read != NamedValue.Invalid;
                    break;
                case "message": message = r.String(cv, "message"); break;
                case "stages": stages = SectionValues.Stages(r, cv) ?? stages; break;
                case "enabled": enabled = r.Boolean(cv, "enabled") ?? enabled; break;
            }
        }

        if (!ok)
        {
            return null;
        }

        if (action.RequiresMessage() && string.IsNullOrWhiteSpace(message))
        {
            // Categories fall back to a generic refusal that names the category.
            message = $"I can't help with that request ({category.DisplayName.ToLowerInvariant()}).";
        }

        return new CategoryPolicy(category, threshold, action, message, stages, enabled, at);
    }
}
