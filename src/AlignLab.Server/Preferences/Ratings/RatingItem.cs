namespace AlignLab.Server.Preferences.Ratings;

/// <summary>
/// One pair in a rating queue, as imported. <paramref name="Key"/> joins it back to the input file (the pair's <c>id</c>,
/// or a candidate set's id and the two candidate indices); it is never sent to the rating page, and neither is anything
/// naming the models (the import does not store model names at all).
/// </summary>
/// <param name="Id">Row id.</param>
/// <param name="BatchId">The import it belongs to.</param>
/// <param name="Position">Its 0-based place in the batch.</param>
/// <param name="Key">Its id in the input file.</param>
/// <param name="Line">Its 1-based line in the input file.</param>
/// <param name="Prompt">The prompt.</param>
/// <param name="First">The first answer in file order.</param>
/// <param name="Second">The second answer in file order.</param>
internal sealed record RatingItem(long Id, long BatchId, int Position, string Key, long Line, string Prompt, string First, string Second);
