using System.Collections.Immutable;

namespace AlignLab.Runtime.Critique;

/// <summary>The outcome of <see cref="CritiqueRevisionEngine.RunAsync"/>.</summary>
/// <param name="Final">The text to use: the draft, or the best revision.</param>
/// <param name="Rounds">Every round, in order.</param>
/// <param name="StopReason">Why the run stopped.</param>
/// <param name="Seed">The principle-sampling seed used (pass it back in the options to reproduce the run).</param>
public sealed record CritiqueRevisionResult(string Final, ImmutableArray<CritiqueRound> Rounds, CritiqueStopReason StopReason, int Seed)
{
    /// <summary>Whether <see cref="Final"/> differs from the draft (ignoring whitespace differences).</summary>
    public bool Changed { get; init; }
}
