using AlignLab.Diagnostics;

namespace AlignLab.Constitutions.Loading;

/// <summary>A judge read from judges:, with where its model and its 'when:' are written.</summary>
internal sealed record JudgeDeclaration(JudgeSpec Spec, SourceLocation ModelAt, SourceLocation WhenAt);
