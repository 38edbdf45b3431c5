namespace AlignLab.Evaluation.Suites;

/// <summary>How <see cref="SuiteLoader"/> reads user files. Every column option is matched case-insensitively.</summary>
public sealed class SuiteOptions
{
    /// <summary>The column names tried, in order, when <see cref="TextColumn"/> is not set.</summary>
    public static IReadOnlyList<string> DefaultTextColumns { get; } =
        ["text", "prompt", "goal", "question", "instruction", "query", "input", "content", "message"];

    /// <summary>The column that holds the prompt; null to use the first of <see cref="DefaultTextColumns"/> present.</summary>
    public string? TextColumn { get; init; }

    /// <summary>
    /// The column that holds the label; null to use <c>label</c> when present. Values: harmful/unsafe/1/true/yes or a
    /// harm category id → <see cref="CaseLabel.Harmful"/>; benign/safe/harmless/0/false/no → <see cref="CaseLabel.Benign"/>;
    /// contrast → <see cref="CaseLabel.Contrast"/>.
    /// </summary>
    public string? LabelColumn { get; init; }

    /// <summary>The column that holds a harm category id; null to use <c>category</c> when present.</summary>
    public string? CategoryColumn { get; init; }

    /// <summary>The column that holds a case id; null to use <c>id</c> when present (otherwise <c>{suite}-{record}</c>).</summary>
    public string? IdColumn { get; init; }

    /// <summary>The label of rows without one. Required for files without a label column (for example .txt).</summary>
    public CaseLabel? DefaultLabel { get; init; }

    /// <summary>
    /// The most characters one row may hold (a .txt or .jsonl line, a .csv/.tsv record's fields; a .json array item of
    /// more than 4 bytes per character ends the file's reading). A longer row is a malformed row, skipped without being
    /// held in memory. Default: <see cref="IO.TabularInput.DefaultMaxRecordChars"/> (1 MiB).
    /// </summary>
    public int MaxRowChars { get; init; } = IO.TabularInput.DefaultMaxRecordChars;

    /// <summary>How many problems <see cref="SuiteSet.Errors"/> keeps (all are counted in <see cref="SuiteSet.ErrorCount"/>).</summary>
    public int MaxStoredErrors { get; init; } = 100;
}
