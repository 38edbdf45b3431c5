namespace AlignLab.Encoders.Tiers;

/// <summary>When the contextual tier is consulted.</summary>
public sealed class ContextualTierOptions
{
    /// <summary>Lowest fast-tier unsafe probability at which the encoder runs.</summary>
    public float BandLow { get; init; } = 0.1f;

    /// <summary>Highest fast-tier unsafe probability at which the encoder runs.</summary>
    public float BandHigh { get; init; } = 0.9f;

    /// <summary>Run the encoder on every text, whatever the fast tier says (<c>classify --all-tiers</c> does).</summary>
    public bool Always { get; init; }

    /// <summary>Options that run the encoder on every text.</summary>
    public static ContextualTierOptions EveryText { get; } = new() { Always = true };

    /// <summary>The problems with these options; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!(BandLow >= 0 && BandHigh <= 1 && BandLow <= BandHigh))
        {
            errors.Add($"the band must satisfy 0 <= BandLow <= BandHigh <= 1 (is {BandLow}..{BandHigh})");
        }

        return errors;
    }
}
