using AlignLab.Cai.Files;

namespace AlignLab.Cai.Generation;

/// <summary>Settings of a <see cref="CaiGenerator"/>. The generator copies them when it is constructed.</summary>
public sealed record CaiGeneratorOptions
{
    /// <summary>Most critique→revision rounds per prompt, 1–10 (default 2); fewer when the critic finds no violation.</summary>
    public int Rounds { get; init; } = 2;

    /// <summary>Principles sampled per round, 1–20; null for every eligible principle (default 1).</summary>
    public int? PrinciplesPerRound { get; init; } = 1;

    /// <summary>The run's seed; each prompt samples principles with a seed derived from it and the prompt's id.</summary>
    public int Seed { get; init; }

    /// <summary>Minimum gain of the critic's score from one round to the next before the rounds stop (default 0.5).</summary>
    public double MinImprovement { get; init; } = 0.5;

    /// <summary>How long one model call may take (default 120 s).</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Temperature of the initial answer (default null: the model's own).</summary>
    public float? GeneratorTemperature { get; init; }

    /// <summary>A system message for the initial answer, or null for none.</summary>
    public string? GeneratorSystemPrompt { get; init; }

    /// <summary>The model names written into each record; null to ask each client for its model id.</summary>
    public CaiModels? Models { get; init; }

    /// <summary>Returns every problem with these options; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Rounds is < 1 or > 10)
        {
            errors.Add($"{nameof(Rounds)} must be between 1 and 10 (was {Rounds}).");
        }

        if (PrinciplesPerRound is < 1 or > 20)
        {
            errors.Add($"{nameof(PrinciplesPerRound)} must be between 1 and 20 (was {PrinciplesPerRound}).");
        }

        if (!double.IsFinite(MinImprovement) || MinImprovement is < 0 or > 10)
        {
            errors.Add($"{nameof(MinImprovement)} must be between 0 and 10 (was {MinImprovement}).");
        }

        if (CallTimeout <= TimeSpan.Zero && CallTimeout != Timeout.InfiniteTimeSpan)
        {
            errors.Add($"{nameof(CallTimeout)} must be positive (was {CallTimeout}).");
        }

        if (GeneratorTemperature is { } t && (!float.IsFinite(t) || t < 0))
        {
            errors.Add($"{nameof(GeneratorTemperature)} must be a non-negative number (was {t}).");
        }

        return errors;
    }
}
