namespace AlignLab.Evaluation.Suites;

/// <summary>A problem with one row of a suite file; the row was skipped.</summary>
/// <param name="File">The file (as named when loading) or <c>bundled:{name}</c>.</param>
/// <param name="Line">The 1-based line where the row starts.</param>
/// <param name="Message">What is wrong, with a hint where one helps.</param>
public sealed record SuiteError(string File, long Line, string Message)
{
    /// <summary><c>file:line: message</c>.</summary>
    public override string ToString() => $"{File}:{Line}: {Message}";
}
