using System.Collections.Concurrent;
using AlignLab.Classification;
using AlignLab.Constitutions;
using AlignLab.Diagnostics;

namespace AlignLab.Rules;

/// <summary>
/// Resolves what a context and a profile change in a constitution (rule switches and actions, category thresholds and
/// actions, the unsafe threshold), once per selection. Thread-safe.
/// </summary>
internal sealed class PolicyResolver(Constitution constitution)
{
    private readonly ConcurrentDictionary<(string?, string?), EffectiveRules> _effective = new();

    /// <summary>Checks that a context and profile exist; returns the problems (empty when fine).</summary>
    public IReadOnlyList<string> CheckSelection(string? context, string? profile)
    {
        var problems = new List<string>();
        if (context is not null && !constitution.Contexts.ContainsKey(context))
        {
            problems.Add($"unknown context '{context}'; " + (constitution.Contexts.Count == 0
                ? "the constitution defines no contexts"
                : Suggestions.Hint(context, [.. constitution.Contexts.Keys.Order(StringComparer.Ordinal)])));
        }

        if (profile is not null && !constitution.Profiles.ContainsKey(profile))
        {
            problems.Add($"unknown profile '{profile}'; " + (constitution.Profiles.Count == 0
                ? "the constitution defines no profiles"
                : Suggestions.Hint(profile, [.. constitution.Profiles.Keys.Order(StringComparer.Ordinal)])));
        }

        return problems;
    }

    /// <summary>The rules and thresholds in force for a selection already checked by <see cref="CheckSelection"/>.</summary>
    public EffectiveRules Resolve(string? context, string? profile) =>
        _effective.GetOrAdd((context, profile), key => Build(key.Item1, key.Item2));

    private EffectiveRules Build(string? context, string? profile)
    {
        var rules = constitution.Rules;
        var enabled = rules.Select(r => r.Enabled).ToArray();
        var actions = rules.Select(r => r.Action).ToArray();
        var index = rules.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var thresholds = new Dictionary<string, double>(StringComparer.Ordinal);
        var categoryActions = new Dictionary<string, AlignmentAction>(StringComparer.Ordinal);

        // One walk per adjustment, parents (extends) first; it sets rule switches and actions, and the detector
        // thresholds and category actions.
        double? safety = null;
        string? safetySource = null;
        void Apply(PolicyAdjustment adj, IReadOnlyDictionary<string, PolicyAdjustment> all, string kind, int depth)
        {
            if (depth < 16 && adj.Extends is { } parent && all.TryGetValue(parent, out var p))
            {
                Apply(p, all, kind, depth + 1);
            }

            foreach (var id in adj.DisableRules)
            {
                enabled[index[id]] = false;
            }

            foreach (var id in adj.EnableRules)
            {
                enabled[index[id]] = true;
            }

            foreach (var (id, action) in adj.RuleActions)
            {
                actions[index[id]] = action;
            }

            foreach (var (cat, action) in adj.CategoryActions)
            {
                categoryActions[cat] = action;
                for (var i = 0; i < rules.Length; i++)
                {
                    if (rules[i].Category?.Id == cat && !adj.RuleActions.ContainsKey(rules[i].Id))
                    {
                        actions[i] = action;
                    }
                }
            }

            // toxicity first, so that a toxic category named in the same map keeps its own value.
            if (adj.Thresholds.TryGetValue(ThresholdNames.Toxicity, out var toxicity))
            {
                foreach (var c in ThresholdNames.ToxicCategories)
                {
                    thresholds[c.Id] = toxicity;
                }
            }

            foreach (var (k, v) in adj.Thresholds)
            {
                if (k == ThresholdNames.Safety)
                {
                    (safety, safetySource) = (v, $"{kind} '{adj.Name}'");
                }
                else if (HarmCategory.TryFind(k, out var c))
                {
                    thresholds[c.Id] = v;
                }
            }
        }

        // Context first, then the user's profile, which is the more specific of the two.
        if (context is not null)
        {
            Apply(constitution.Contexts[context], constitution.Contexts, "context", 0);
        }

        if (profile is not null)
        {
            Apply(constitution.Profiles[profile], constitution.Profiles, "profile", 0);
        }

        return new EffectiveRules(enabled, actions, thresholds, categoryActions, safety, safetySource);
    }
}
