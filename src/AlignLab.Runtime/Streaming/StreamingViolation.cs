using AlignLab.Rules;

namespace AlignLab.Runtime.Streaming;

/// <summary>A streaming check that failed.</summary>
/// <param name="Reason">Why, in one line.</param>
/// <param name="Decision">The rule-engine decision on the checked window.</param>
/// <param name="Position">How many characters had been generated when the check ran.</param>
public sealed record StreamingViolation(string Reason, Decision Decision, int Position);
