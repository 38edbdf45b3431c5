namespace AlignLab.Classification.Data;

/// <summary>The contents of one split of a corpus.</summary>
/// <param name="Name">"train", "validation", "test" or "contrast".</param>
/// <param name="Rows">Rows.</param>
/// <param name="Unsafe">Unsafe rows.</param>
/// <param name="Uncategorised">Unsafe rows whose category is unknown (category heads masked).</param>
/// <param name="CategoryPositives">Positives per category id, for every category of the taxonomy.</param>
/// <param name="RowsBySource">Rows per source name (sources with rows only).</param>
/// <param name="ContentHash">SHA-256 (hex) over the sorted "source/id" keys of the split, each with its label.</param>
public sealed record CorpusSplitStats(
    string Name,
    int Rows,
    int Unsafe,
    int Uncategorised,
    IReadOnlyDictionary<string, int> CategoryPositives,
    IReadOnlyDictionary<string, int> RowsBySource,
    string ContentHash);
