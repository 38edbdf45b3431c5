using AlignLab.Cai.Files;

namespace AlignLab.Cai.RedTeam;

/// <summary>What a <see cref="RedTeamGenerator"/> run produced.</summary>
public sealed record RedTeamResult
{
    /// <summary>The kept prompts, by category, then strategy, in the order written.</summary>
    public IReadOnlyList<RedTeamPrompt> Prompts { get; init; } = [];

    /// <summary>Prompts read from the attacker's answers (before deduplication; lines past a full cell included).</summary>
    public int Parsed { get; init; }

    /// <summary>Prompts dropped as exact or near duplicates.</summary>
    public int Duplicates { get; init; }

    /// <summary>(category, strategy) cells that got fewer prompts than asked for.</summary>
    public IReadOnlyList<string> ShortCells { get; init; } = [];

    /// <summary>Attacker calls that failed, as <c>category/strategy: message</c>.</summary>
    public IReadOnlyList<string> Failures { get; init; } = [];
}
