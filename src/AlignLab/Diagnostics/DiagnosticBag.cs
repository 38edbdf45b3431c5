namespace AlignLab.Diagnostics;

/// <summary>Collects problems so that every one of them can be reported at once.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    /// <summary>All diagnostics, in the order they were found.</summary>
    public IReadOnlyList<Diagnostic> Items => _items;

    /// <summary>True when at least one error was reported.</summary>
    public bool HasErrors => _items.Exists(d => d.IsError);

    /// <summary>
    /// True once a reader gave up on its input (e.g. a node cap): what is reported after that would be follow-on
    /// errors of the part it did not read, so <see cref="Error"/> and <see cref="Warning"/> then drop them.
    /// </summary>
    internal bool Muted { get; private set; }

    public void Error(string code, string message, SourceLocation location, string? hint = null)
    {
        if (!Muted)
        {
            _items.Add(new Diagnostic(DiagnosticSeverity.Error, code, message, location, hint));
        }
    }

    public void Warning(string code, string message, SourceLocation location, string? hint = null)
    {
        if (!Muted)
        {
            _items.Add(new Diagnostic(DiagnosticSeverity.Warning, code, message, location, hint));
        }
    }

    /// <summary>Reports <paramref name="code"/> as the last diagnostic: everything reported after it is dropped.</summary>
    internal void ErrorAndStop(string code, string message, SourceLocation location, string? hint = null)
    {
        Error(code, message, location, hint);
        Muted = true;
    }

    public void AddRange(IEnumerable<Diagnostic> diagnostics) => _items.AddRange(diagnostics);

    /// <summary>Diagnostics sorted by file, line and column (stable for equal positions).</summary>
    public IReadOnlyList<Diagnostic> Sorted() =>
        [.. _items.Select((d, i) => (d, i))
            .OrderBy(x => x.d.Location.File, StringComparer.Ordinal)
            .ThenBy(x => x.d.Location.Line)
            .ThenBy(x => x.d.Location.Column)
            .ThenBy(x => x.i)
            .Select(x => x.d)];
}
