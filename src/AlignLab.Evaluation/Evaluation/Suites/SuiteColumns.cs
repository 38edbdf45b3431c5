using AlignLab.Diagnostics;

namespace AlignLab.Evaluation.Suites;

/// <summary>The columns of one file, resolved from its header (or first JSON object) and the options.</summary>
/// <param name="Text">The text column as spelled in the file.</param>
/// <param name="Label">The label column, or null when the file has none (then the default label applies).</param>
/// <param name="Category">The category column, or null.</param>
/// <param name="Id">The id column, or null.</param>
/// <param name="Source">The <c>source</c> column (attribution), or null.</param>
internal sealed record SuiteColumns(string Text, string? Label, string? Category, string? Id, string? Source)
{
    /// <summary>Resolves the columns or throws a <see cref="SuiteException"/> naming the file, line and the columns it has.</summary>
    public static SuiteColumns Resolve(IReadOnlyList<string> available, SuiteOptions options, string file, long line)
    {
        var text = options.TextColumn is { } t
            ? Require(available, t, "text", file, line)
            : SuiteOptions.DefaultTextColumns.Select(c => Find(available, c)).FirstOrDefault(c => c is not null)
                ?? throw new SuiteException(file, line,
                    $"no text column: none of {string.Join(", ", SuiteOptions.DefaultTextColumns)} is present (the columns are: {List(available)}); name it with the text column option");
        var label = options.LabelColumn is { } l ? Require(available, l, "label", file, line) : Find(available, "label");
        if (label is null && options.DefaultLabel is null)
        {
            throw new SuiteException(file, line,
                $"no label column (looked for 'label'; the columns are: {List(available)}); name one with the label column option, or set a default label for every row");
        }

        var category = options.CategoryColumn is { } c ? Require(available, c, "category", file, line) : Find(available, "category");
        var id = options.IdColumn is { } i ? Require(available, i, "id", file, line) : Find(available, "id");
        return new SuiteColumns(text, label, category, id, Find(available, "source"));
    }

    /// <summary>
    /// For JSON, where objects need not share their fields: the default names (label, category, id, source) are looked up
    /// in every object even when the first object lacks them.
    /// </summary>
    public SuiteColumns WithDefaultNames() =>
        new(Text, Label ?? "label", Category ?? "category", Id ?? "id", Source ?? "source");

    private static string? Find(IReadOnlyList<string> available, string name) =>
        available.FirstOrDefault(a => string.Equals(a, name, StringComparison.Ordinal))
        ?? available.FirstOrDefault(a => string.Equals(a.Trim(), name, StringComparison.OrdinalIgnoreCase));

    private static string Require(IReadOnlyList<string> available, string name, string role, string file, long line) =>
        Find(available, name) ?? throw new SuiteException(file, line,
            $"no {role} column '{name}'; {Hint(name, available)}");

    private static string Hint(string name, IReadOnlyList<string> available)
    {
        var closest = Suggestions.Closest(name, available);
        return closest is not null ? $"did you mean '{closest}'? (the columns are: {List(available)})" : $"the columns are: {List(available)}";
    }

    private static string List(IReadOnlyList<string> available) => available.Count == 0 ? "(none)" : string.Join(", ", available);
}
