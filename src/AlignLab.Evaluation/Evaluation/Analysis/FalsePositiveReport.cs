namespace AlignLab.Evaluation.Analysis;

/// <summary>What <see cref="FalsePositiveAnalyzer.Analyze"/> found: how many benign cases the guard stopped, and why.</summary>
public sealed record FalsePositiveReport
{
    /// <summary>The constitution's name.</summary>
    public required string Policy { get; init; }

    /// <summary>Whether a classifier was attached to the guard.</summary>
    public required bool Classifier { get; init; }

    /// <summary>The active context, if any.</summary>
    public string? Context { get; init; }

    /// <summary>The active profile, if any.</summary>
    public string? Profile { get; init; }

    /// <summary>Benign and contrast cases checked.</summary>
    public required int Cases { get; init; }

    /// <summary>Harmful cases in the input, which were skipped.</summary>
    public required int SkippedHarmful { get; init; }

    /// <summary>Distinct harmful cases the candidate <c>unless:</c> exceptions were checked against (the bundled suites' harmful cases plus the harmful rows given); null when no check ran.</summary>
    public int? HarmfulChecked { get; init; }

    /// <summary>Benign or contrast cases the guard redirected, refused, escalated or blocked.</summary>
    public required int FalsePositives { get; init; }

    /// <summary><see cref="FalsePositives"/> / <see cref="Cases"/> (0 when there were no cases).</summary>
    public double Rate => Cases == 0 ? 0 : (double)FalsePositives / Cases;

    /// <summary>The causes, most false positives first (ties by id, ordinal).</summary>
    public required IReadOnlyList<FalsePositiveCause> Causes { get; init; }
}
