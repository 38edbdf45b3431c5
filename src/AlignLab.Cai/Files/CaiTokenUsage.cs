namespace AlignLab.Cai.Files;

/// <summary>The tokens of one <c>cai.jsonl</c> record, per model role.</summary>
public sealed record CaiTokenUsage
{
    /// <summary>The initial answer.</summary>
    public TokenCounts Generator { get; init; } = TokenCounts.Zero;

    /// <summary>Every critique.</summary>
    public TokenCounts Critic { get; init; } = TokenCounts.Zero;

    /// <summary>Every revision.</summary>
    public TokenCounts Reviser { get; init; } = TokenCounts.Zero;

    /// <summary>All three together.</summary>
    public TokenCounts Total => Generator.Add(Critic).Add(Reviser);
}
