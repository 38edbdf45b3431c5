namespace AlignLab.Diagnostics;

/// <summary>One problem found in a configuration file, with where it is and how to fix it.</summary>
/// <param name="Severity">Error or warning.</param>
/// <param name="Code">A stable code such as <c>AL1001</c>, documented in docs/CONSTITUTION.md.</param>
/// <param name="Message">What is wrong.</param>
/// <param name="Location">Where it is.</param>
/// <param name="Hint">How to fix it, when we can tell.</param>
public sealed record Diagnostic(DiagnosticSeverity Severity, string Code, string Message, SourceLocation Location, string? Hint = null)
{
    /// <summary>True for <see cref="DiagnosticSeverity.Error"/>.</summary>
    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>Compiler-style single line: <c>file:line:col: error AL1001: message (hint)</c>.</summary>
    public override string ToString()
    {
        var sev = IsError ? "error" : "warning";
        return Hint is null
            ? $"{Location}: {sev} {Code}: {Message}"
            : $"{Location}: {sev} {Code}: {Message} ({Hint})";
    }
}
