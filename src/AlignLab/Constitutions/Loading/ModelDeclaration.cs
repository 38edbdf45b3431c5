using AlignLab.Diagnostics;
using AlignLab.Models;

namespace AlignLab.Constitutions.Loading;

/// <summary>A model read from models:, as written and as used (a llama: file resolved next to the policy).</summary>
/// <param name="Name">The name under models:.</param>
/// <param name="Spec">The spec the runtime uses, with <see cref="ModelSpec.Name"/> and <see cref="ModelSpec.Location"/> set.</param>
/// <param name="Written">The spec as the file wrote it, which the allowed models are compared with.</param>
/// <param name="KeyAt">Where the name is written.</param>
internal sealed record ModelDeclaration(string Name, ModelSpec Spec, ModelSpec Written, SourceLocation KeyAt);
