using AlignLab.Diagnostics;

namespace AlignLab.Constitutions.Loading;

/// <summary>Principle and rule ids must be unique across a file and everything it includes.</summary>
internal sealed class DuplicateIdValidator : IConstitutionValidator
{
    public void Validate(ConstitutionDraft draft, DiagnosticBag diagnostics)
    {
        foreach (var (id, where, first) in Repeats(draft.Principles.Select(p => (p.Id, p.Location))))
        {
            diagnostics.Error(DiagnosticCodes.DuplicateId, $"duplicate principle id '{id}' (first defined at {first})", where,
                "principle ids must be unique across all included files");
        }

        foreach (var (id, where, first) in Repeats(draft.RuleIds))
        {
            diagnostics.Error(DiagnosticCodes.DuplicateId, $"duplicate rule id '{id}' (first defined at {first})", where,
                "rule ids must be unique across all included files");
        }
    }

    /// <summary>Each id seen before, where it is seen again and where it was first.</summary>
    internal static IEnumerable<(string Id, SourceLocation Where, SourceLocation First)> Repeats(IEnumerable<(string Id, SourceLocation Where)> ids)
    {
        var first = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var (id, where) in ids)
        {
            if (!first.TryAdd(id, where))
            {
                yield return (id, where, first[id]);
            }
        }
    }
}
