namespace AlignLab.Cai.Preferences;

/// <summary>A judge's verdict on one constitution principle.</summary>
/// <param name="Principle">The principle's id.</param>
/// <param name="Winner">The answer that follows the principle better (A/B as read, not as shown), or a tie.</param>
/// <param name="Reason">The judge's short reason, when it gave one.</param>
public sealed record PrincipleVerdict(string Principle, PreferenceOutcome Winner, string? Reason);
