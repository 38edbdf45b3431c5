namespace AlignLab.Cai.Files;

/// <summary>One critique round of a <c>cai.jsonl</c> record.</summary>
public sealed record CaiRound
{
    /// <summary>1-based round number.</summary>
    public int Round { get; init; }

    /// <summary>The ids of the constitution's principles sampled for this round.</summary>
    public IReadOnlyList<string> Principles { get; init; } = [];

    /// <summary>The critic's critique of the text it reviewed.</summary>
    public string Critique { get; init; } = "";

    /// <summary>Whether the critic found a violation.</summary>
    public bool Violation { get; init; }

    /// <summary>The critic's 0–10 score of the text it reviewed (10 = follows the principles fully); null when it gave none.</summary>
    public double? Score { get; init; }

    /// <summary>The reviser's rewrite; null when the round asked for none (no violation, or no improvement).</summary>
    public string? Revision { get; init; }
}
