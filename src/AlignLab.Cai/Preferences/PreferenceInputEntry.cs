namespace AlignLab.Cai.Preferences;

/// <summary>One item read from a preference input file, or why a line gave none.</summary>
/// <param name="Line">The 1-based line the item stands on.</param>
/// <param name="Item">The item, or null when the line could not be used.</param>
/// <param name="Error">Why the line could not be used, or null.</param>
public readonly record struct PreferenceInputEntry(long Line, PreferenceItem? Item, string? Error);
