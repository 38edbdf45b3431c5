using AlignLab.Diagnostics;

namespace AlignLab.Constitutions;

/// <summary>The outcome of loading a constitution: the constitution when there were no errors, and every diagnostic.</summary>
/// <param name="Constitution">The loaded constitution, or null when any error was found.</param>
/// <param name="Diagnostics">All errors and warnings, sorted by file, line and column.</param>
public sealed record ConstitutionLoadResult(Constitution? Constitution, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>True when the constitution loaded without errors (warnings are allowed).</summary>
    public bool Success => Constitution is not null;

    /// <summary>The errors only.</summary>
    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.IsError);

    /// <summary>Returns the constitution or throws <see cref="ConstitutionException"/> listing every error.</summary>
    public Constitution GetOrThrow() => Constitution ?? throw new ConstitutionException(Diagnostics);
}
