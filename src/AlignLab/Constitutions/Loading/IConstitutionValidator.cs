using AlignLab.Diagnostics;

namespace AlignLab.Constitutions.Loading;

/// <summary>Checks what the readers built across sections and files: references, duplicate ids, settings that must agree.</summary>
internal interface IConstitutionValidator
{
    void Validate(ConstitutionDraft draft, DiagnosticBag diagnostics);
}
