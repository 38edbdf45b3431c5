namespace AlignLab.Evaluation.Suites;

/// <summary>One row of a suite file with its columns already picked out, or the problem that makes it unusable.</summary>
/// <param name="Line">The 1-based line where the row starts.</param>
/// <param name="Number">The 1-based row number in the file (for default ids).</param>
/// <param name="Text">The text column's value.</param>
/// <param name="Label">The label column's value, when there is a label column.</param>
/// <param name="Category">The category column's value, when there is one.</param>
/// <param name="Id">The id column's value, when there is one.</param>
/// <param name="Source">The <c>source</c> column's value, when there is one (attribution).</param>
/// <param name="Error">Set when the row is malformed; the other values are then meaningless.</param>
internal readonly record struct SuiteRecord(long Line, long Number, string? Text, string? Label, string? Category, string? Id, string? Source, string? Error)
{
    public static SuiteRecord Bad(long line, long number, string error) => new(line, number, null, null, null, null, null, error);
}
