namespace AlignLab.Cai.Preferences;

/// <summary>One prompt read from a prompts file, or why a line gave none.</summary>
/// <param name="Line">The 1-based line (for .csv, the record number).</param>
/// <param name="Id">The prompt's id, or null.</param>
/// <param name="Prompt">The prompt, or null when the line could not be used.</param>
/// <param name="Error">Why the line could not be used, or null.</param>
public readonly record struct PromptEntry(long Line, string? Id, string? Prompt, string? Error);
