namespace AlignLab.Training.Sampling;

/// <summary>How <see cref="TokenSampler"/> picks tokens.</summary>
public sealed record SamplingOptions
{
    /// <summary>Greedy decoding: temperature 0, so the most likely token every step.</summary>
    public static SamplingOptions Greedy { get; } = new() { Temperature = 0 };

    /// <summary>Softmax temperature; 0 (or less) means arg-max, as <see cref="Generation.GreedyDecoder"/>.</summary>
    public double Temperature { get; init; } = 1.0;

    /// <summary>Nucleus sampling: only the most likely tokens whose probabilities add up to this are kept (1 keeps all).</summary>
    public double TopP { get; init; } = 1.0;

    /// <summary>Only the <c>TopK</c> most likely tokens are kept; null or 0 keeps all.</summary>
    public int? TopK { get; init; }

    /// <summary>The random seed; the same seed, model and prompt give the same tokens. Null draws a fresh seed.</summary>
    public long? Seed { get; init; }

    /// <summary>The most tokens to generate.</summary>
    public int MaxNewTokens { get; init; } = 256;

    /// <summary>Problems with the values (each naming the field), empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (double.IsNaN(Temperature) || double.IsInfinity(Temperature))
        {
            errors.Add($"temperature {Temperature} is not a finite number");
        }

        if (!(TopP > 0 && TopP <= 1))
        {
            errors.Add($"top_p {TopP} must be above 0 and at most 1");
        }

        if (TopK is < 0)
        {
            errors.Add($"top_k {TopK} must not be negative");
        }

        if (MaxNewTokens < 0)
        {
            errors.Add($"max_new_tokens {MaxNewTokens} must not be negative");
        }

        return errors;
    }
}
