using AlignLab.Diagnostics;

namespace AlignLab.Server.Policies;

/// <summary>The outcome of a reload: the snapshot now serving and the problems found (errors mean the old one is still serving).</summary>
/// <param name="Serving">The snapshot serving after the attempt (the old one when it failed).</param>
/// <param name="Diagnostics">Everything the loader reported.</param>
/// <param name="Error">A problem that is not a diagnostic (e.g. the pipeline could not be built), or null.</param>
public sealed record PolicyReloadResult(PolicySnapshot Serving, IReadOnlyList<Diagnostic> Diagnostics, string? Error = null)
{
    /// <summary>Whether the new policy was loaded and is now serving.</summary>
    public bool Success => Error is null && !Diagnostics.Any(d => d.IsError);
}
