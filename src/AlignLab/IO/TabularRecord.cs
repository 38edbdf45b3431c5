namespace AlignLab.IO;

/// <summary>One record of a user-supplied input file.</summary>
/// <param name="Id">An id column's value when present, otherwise the record number.</param>
/// <param name="Text">The text column's value.</param>
/// <param name="Label">The label column's value, when a label column was asked for.</param>
/// <param name="Record">1-based record number (for error messages).</param>
public sealed record TabularRecord(string Id, string Text, string? Label, long Record)
{
    /// <summary>The group column's value (e.g. a target group), when a group column was asked for; null when the field is null.</summary>
    public string? Group { get; init; }
}
