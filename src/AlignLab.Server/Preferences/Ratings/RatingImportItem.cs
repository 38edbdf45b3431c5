namespace AlignLab.Server.Preferences.Ratings;

/// <summary>A pair read from an imported file, before it is stored.</summary>
/// <param name="Key">Its id in the file.</param>
/// <param name="Line">Its 1-based line.</param>
/// <param name="Prompt">The prompt.</param>
/// <param name="First">The first answer in file order.</param>
/// <param name="Second">The second answer.</param>
internal sealed record RatingImportItem(string Key, long Line, string Prompt, string First, string Second);
