namespace AlignLab.Evaluation.Analysis;

/// <summary>A lower-cased phrase and in how many false positives of a cause it occurred (at most once per case).</summary>
/// <param name="Text">The phrase, lower-cased, whitespace collapsed.</param>
/// <param name="Count">Number of false-positive cases it occurred in.</param>
public sealed record PhraseCount(string Text, int Count);
