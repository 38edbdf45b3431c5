using AlignLab.Diagnostics;

namespace AlignLab.Constitutions.Loading;

/// <summary>Compiles the patterns the readers measured, unless a limit was passed or the reader gave up.</summary>
internal sealed class PatternValidator(PatternBudget budget) : IConstitutionValidator
{
    public void Validate(ConstitutionDraft draft, DiagnosticBag diagnostics) => budget.CompilePending(diagnostics);
}
