namespace AlignLab.Cai.Preferences;

/// <summary>One generated answer.</summary>
/// <param name="Model">The name of the model (or policy) that wrote it.</param>
/// <param name="Sample">Its 0-based sample number for that model.</param>
/// <param name="Text">The answer.</param>
public sealed record Candidate(string Model, int Sample, string Text);
