using System.Collections.Immutable;

namespace AlignLab.Runtime.Critique;

/// <summary>A critic's parsed answer.</summary>
/// <param name="ViolationFound">Whether a principle is violated.</param>
/// <param name="Score">How well the response follows the principles, 0–10 (10 = fully); null when absent or unreadable.</param>
/// <param name="Critique">What is wrong and how to fix it (may be empty).</param>
public sealed record CriticVerdict(bool ViolationFound, double? Score, string Critique)
{
    /// <summary>Things the parser noticed and tolerated (an out-of-range score, for example).</summary>
    public ImmutableArray<string> Notes { get; init; } = [];
}
