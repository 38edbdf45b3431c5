using System.Collections.Immutable;
using Microsoft.Extensions.AI;

namespace AlignLab.Runtime.Critique;

/// <summary>One critique (and possibly revision) round.</summary>
/// <param name="Round">1-based round number.</param>
/// <param name="PrincipleIds">The principles sampled for this round.</param>
/// <param name="Critique">The critic's critique text.</param>
/// <param name="ViolationFound">Whether the critic reported a violation.</param>
/// <param name="Score">The critic's score of the text it reviewed, 0–10 (higher is better); null when it gave none.</param>
/// <param name="Revision">The reviser's cleaned answer; null when no revision was asked for in this round.</param>
/// <param name="Elapsed">Time spent on the critic and reviser calls of this round.</param>
public sealed record CritiqueRound(
    int Round,
    ImmutableArray<string> PrincipleIds,
    string Critique,
    bool ViolationFound,
    double? Score,
    string? Revision,
    TimeSpan Elapsed)
{
    /// <summary>The critic's raw output, for traces.</summary>
    public string? CriticOutput { get; init; }

    /// <summary>The tokens the critic's call used, as its client reported them; null when it reported none.</summary>
    public UsageDetails? CriticUsage { get; init; }

    /// <summary>The tokens the reviser's call used; null when the reviser was not called or reported none.</summary>
    public UsageDetails? ReviserUsage { get; init; }
}
