using AlignLab.Constitutions;
using AlignLab.Models;

namespace AlignLab.Server.Policies;

/// <summary>
/// What a policy sent over the API may do, which is less than a policy file the operator wrote: it may include
/// files only by name from <see cref="IncludeFolder"/> (no includes when null), and may use only the models the
/// gateway already knows (the upstream, the startup policies' <c>models:</c>, and <see cref="AllowedModels"/>), so an
/// upload cannot send prompts or the gateway's API keys anywhere new.
/// </summary>
/// <param name="IncludeFolder">The folder whose files uploads may include by name, or null for none.</param>
/// <param name="AllowedModels">Models allowed beyond those the gateway started with.</param>
/// <param name="Limits">Size and compile limits, for uploads and for files alike.</param>
public sealed record PolicyUploadSettings(string? IncludeFolder, IReadOnlyList<ModelSpec> AllowedModels, ConstitutionLoadOptions Limits)
{
    /// <summary>No includes, no extra models, the default limits.</summary>
    public static PolicyUploadSettings Default { get; } = new(null, [], ConstitutionLoadOptions.Default);
}
