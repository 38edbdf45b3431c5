namespace AlignLab.Cai.Preferences;

/// <summary>A generation that failed (counted, never written as a candidate).</summary>
/// <param name="Model">The model's name.</param>
/// <param name="Sample">The sample number.</param>
/// <param name="Error">What went wrong.</param>
public sealed record CandidateFailure(string Model, int Sample, string Error);
