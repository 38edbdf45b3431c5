namespace AlignLab.Classification.Data;

/// <summary>What one source contributed to a corpus.</summary>
/// <param name="Name">The source name.</param>
/// <param name="Licence">Its licence.</param>
/// <param name="Use">Its allowed use.</param>
/// <param name="Skipped">True when it was not loaded (development-only data without <see cref="CorpusOptions.IncludeDevelopmentOnly"/>).</param>
/// <param name="RowsLoaded">Rows the source produced (after its own caps and exclusions).</param>
/// <param name="RowsKept">Rows left after de-duplication.</param>
/// <param name="DroppedDuplicate">Rows whose normalised text an earlier row (this or a higher-priority source) already had.</param>
/// <param name="DroppedEmpty">Rows with no letter or digit.</param>
/// <param name="DuplicateOf">Duplicates dropped, by the source that kept the text.</param>
/// <param name="Train">Rows in the training split.</param>
/// <param name="Validation">Rows in the validation split.</param>
/// <param name="Test">Rows in the test split.</param>
/// <param name="Contrast">Rows in the held-out contrast set.</param>
public sealed record CorpusSourceStats(
    string Name,
    string Licence,
    DataUse Use,
    bool Skipped,
    int RowsLoaded,
    int RowsKept,
    int DroppedDuplicate,
    int DroppedEmpty,
    IReadOnlyDictionary<string, int> DuplicateOf,
    int Train,
    int Validation,
    int Test,
    int Contrast)
{
    /// <summary>Rows in the evaluation-only suites (<see cref="Corpus.Suites"/>).</summary>
    public int Suites { get; init; }
}
