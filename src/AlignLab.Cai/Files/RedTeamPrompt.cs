namespace AlignLab.Cai.Files;

/// <summary>
/// One line of a red-team prompt file (<c>redteam generate</c>). It is a suite row <c>eval --suite FILE</c> reads
/// (<c>id</c>, <c>text</c>, <c>label</c>, <c>category</c>, <c>source</c>) and a prompt row <c>cai generate --prompts</c>
/// reads; <c>strategy</c> is extra and ignored by both.
/// </summary>
public sealed record RedTeamPrompt
{
    /// <summary>A stable id: <c>rt-{category}-{strategy}-{n}</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The attack prompt.</summary>
    public required string Text { get; init; }

    /// <summary>Always <c>harmful</c>: the prompts ask for what the category covers.</summary>
    public string Label { get; init; } = "harmful";

    /// <summary>The harm category id.</summary>
    public required string Category { get; init; }

    /// <summary>The attack strategy (<c>direct</c>, <c>role_play</c>, <c>hypothetical</c>, <c>multi_turn_setup</c>, <c>obfuscation</c>).</summary>
    public required string Strategy { get; init; }

    /// <summary>Attribution: <c>alignlab-redteam:{attacker model}</c>.</summary>
    public string? Source { get; init; }
}
