namespace AlignLab.Cai.Files;

/// <summary>Tokens one model used, as its client reported them (0 when it reported none).</summary>
public sealed record TokenCounts
{
    /// <summary>Input (prompt) tokens.</summary>
    public long Input { get; init; }

    /// <summary>Output (completion) tokens.</summary>
    public long Output { get; init; }

    /// <summary>No tokens.</summary>
    public static TokenCounts Zero { get; } = new();

    /// <summary>The sum of two counts.</summary>
    public TokenCounts Add(TokenCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new TokenCounts { Input = Input + other.Input, Output = Output + other.Output };
    }
}
