namespace AlignLab.Constitutions;

/// <summary>What an <c>include:</c> in a constitution may name.</summary>
public enum IncludeMode
{
    /// <summary>Any file, by a path relative to the including file (or absolute): for policies on the operator's own disk.</summary>
    Files,

    /// <summary>No include at all: each one is an error and nothing is read from disk (for policies sent over an API).</summary>
    None,

    /// <summary>
    /// Plain file names only (no '/', '\', '..', not rooted), resolved in <see cref="ConstitutionLoadOptions.IncludeFolder"/>.
    /// </summary>
    Folder,
}
