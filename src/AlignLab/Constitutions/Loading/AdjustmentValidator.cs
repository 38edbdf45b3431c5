using AlignLab.Diagnostics;

namespace AlignLab.Constitutions.Loading;

/// <summary>
/// The contexts and profiles name thresholds, rules and a parent that exist, and no chain of 'extends' loops. A rule is known
/// when any file declares its id, even if the rule itself has an error (reported on its own). Map keys are checked in
/// ordinal order, so the errors come out in the same order on every run (the maps themselves are hash-ordered).
/// </summary>
internal sealed class AdjustmentValidator : IConstitutionValidator
{
    public void Validate(ConstitutionDraft draft, DiagnosticBag diagnostics)
    {
        var ruleIds = draft.RuleIds.Select(r => r.Id).Distinct(StringComparer.Ordinal).ToList();
        Check(draft.Contexts, "context", ruleIds, diagnostics);
        Check(draft.Profiles, "profile", ruleIds, diagnostics);
    }

    private static void Check(Dictionary<string, PolicyAdjustment> adjustments, string kind, List<string> ruleIds, DiagnosticBag diagnostics)
    {
        var known = ruleIds.ToHashSet(StringComparer.Ordinal);
        var thresholdNames = HarmCategory.Ids.Concat(ThresholdNames.Known).ToList();
        foreach (var adj in adjustments.Values)
        {
            foreach (var key in adj.Thresholds.Keys.Order(StringComparer.Ordinal))
            {
                if (!HarmCategory.TryFind(key, out _) && !thresholdNames.Contains(key))
                {
                    diagnostics.Error(DiagnosticCodes.UnknownReference, $"{kind} '{adj.Name}' sets unknown threshold '{key}'", adj.Location,
                        Suggestions.Hint(key, thresholdNames));
                }
            }

            foreach (var id in adj.DisableRules.Concat(adj.EnableRules).Concat(adj.RuleActions.Keys.Order(StringComparer.Ordinal)))
            {
                if (!known.Contains(id))
                {
                    diagnostics.Error(DiagnosticCodes.UnknownReference, $"{kind} '{adj.Name}' refers to unknown rule '{id}'", adj.Location,
                        Suggestions.Closest(id, ruleIds) is { } s ? $"did you mean '{s}'?" : "check the rule ids in specific_rules");
                }
            }

            CheckExtends(adjustments, kind, adj, diagnostics);
        }
    }

    /// <summary>extends: must exist and must not loop.</summary>
    private static void CheckExtends(Dictionary<string, PolicyAdjustment> adjustments, string kind, PolicyAdjustment adj, DiagnosticBag diagnostics)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { adj.Name };
        var current = adj;
        while (current.Extends is { } parent)
        {
            if (!adjustments.TryGetValue(parent, out var next))
            {
                diagnostics.Error(DiagnosticCodes.UnknownReference, $"{kind} '{current.Name}' extends unknown {kind} '{parent}'", current.Location,
                    Suggestions.Closest(parent, adjustments.Keys.ToList()) is { } s ? $"did you mean '{s}'?" : null);
                return;
            }

            if (!seen.Add(parent))
            {
                diagnostics.Error(DiagnosticCodes.IncludeCycle, $"{kind} '{adj.Name}' extends itself through '{parent}'", adj.Location,
                    "break the 'extends' cycle");
                return;
            }

            current = next;
        }
    }
}
