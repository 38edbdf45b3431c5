namespace AlignLab.Cai.Preferences;

/// <summary>
/// A verdict as the judge wrote it, in shown positions: 1 for the response shown first, 2 for the second, 0 for a tie.
/// </summary>
internal sealed record ShownVerdict(int Better, double? Confidence, IReadOnlyList<(string Principle, int Better, string? Reason)> Principles);
