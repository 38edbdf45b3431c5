using AlignLab.Diagnostics;

namespace AlignLab.Constitutions.Loading;

/// <summary>
/// Judge ids are unique and not a built-in detector's; judges, the critic and the reviser name declared models; consensus
/// validators use a built-in detector or a judge.
/// </summary>
internal sealed class RuntimeReferenceValidator : IConstitutionValidator
{
    internal static readonly string[] BuiltInDetectors = ["classifier", "rules"];

    public void Validate(ConstitutionDraft draft, DiagnosticBag diagnostics)
    {
        var judges = Accepted(draft, diagnostics).ToList();
        var references = judges.Select(j => (j.Spec.Model, j.ModelAt, $"judge '{j.Spec.Id}'")).Concat(draft.ModelReferences);
        var modelNames = draft.DeclaredModels.ToList();
        foreach (var (name, where, what) in references)
        {
            if (!draft.DeclaredModels.Contains(name))
            {
                diagnostics.Error(DiagnosticCodes.UnknownReference, $"{what} refers to unknown model '{name}'", where,
                    Suggestions.Closest(name, modelNames) is { } s ? $"did you mean '{s}'?" : "declare it under 'models:'");
            }
        }

        var detectorNames = BuiltInDetectors.Concat(judges.Select(j => j.Spec.Id)).ToList();
        foreach (var v in draft.Consensus.Validators)
        {
            if (!detectorNames.Contains(v.Detector, StringComparer.Ordinal))
            {
                diagnostics.Error(DiagnosticCodes.UnknownReference, $"validator '{v.Id}' uses unknown detector '{v.Detector}'", v.Location,
                    Suggestions.Hint(v.Detector, detectorNames));
            }
        }
    }

    /// <summary>The judges whose id is neither a built-in detector's nor an earlier judge's; the others are reported when asked.</summary>
    internal static IEnumerable<JudgeDeclaration> Accepted(ConstitutionDraft draft, DiagnosticBag? diagnostics = null)
    {
        var ids = new HashSet<string>(BuiltInDetectors, StringComparer.Ordinal);
        foreach (var judge in draft.Judges)
        {
            if (ids.Add(judge.Spec.Id))
            {
                yield return judge;
            }
            else
            {
                diagnostics?.Error(DiagnosticCodes.DuplicateId, $"judge id '{judge.Spec.Id}' is already used", judge.Spec.Location);
            }
        }
    }
}
