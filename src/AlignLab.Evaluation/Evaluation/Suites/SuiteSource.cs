namespace AlignLab.Evaluation.Suites;

/// <summary>One suite resolved from a spec: a bundled suite or a file.</summary>
/// <param name="Name">The suite name (<see cref="EvalCase.Suite"/>): the bundled name, or the file name without extension.</param>
/// <param name="Location">The file path as resolved, or <c>bundled:{name}</c>.</param>
public sealed record SuiteSource(string Name, string Location)
{
    /// <summary>True for a suite embedded in the library.</summary>
    public bool IsBundled => Location.StartsWith(BundledSuites.LocationPrefix, StringComparison.Ordinal);
}
