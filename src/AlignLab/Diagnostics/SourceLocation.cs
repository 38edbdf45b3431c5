namespace AlignLab.Diagnostics;

/// <summary>A position in a configuration file. Line and column are 1-based.</summary>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    /// <summary>A location for problems that have no position (e.g. a missing file).</summary>
    public static SourceLocation FileOnly(string file) => new(file, 0, 0);

    /// <inheritdoc />
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}" : File;
}
