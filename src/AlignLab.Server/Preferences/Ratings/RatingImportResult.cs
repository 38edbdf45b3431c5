namespace AlignLab.Server.Preferences.Ratings;

/// <summary>What an import read.</summary>
/// <param name="Items">The usable items, in file order.</param>
/// <param name="Malformed">Lines that could not be used.</param>
/// <param name="OverLimit">Items left out because the file held more than <see cref="RatingImport.MaxItems"/>.</param>
/// <param name="Errors">The first bad lines (line 0: a note about the whole file).</param>
internal sealed record RatingImportResult(IReadOnlyList<RatingImportItem> Items, int Malformed, int OverLimit, IReadOnlyList<(long Line,
    string Message)> Errors);
