namespace AlignLab.Cai.Generation;

/// <summary>Settings of <see cref="CaiDatasetRun.RunAsync"/>.</summary>
public sealed record CaiRunOptions
{
    /// <summary>Prompts in flight at once, 1–256 (default 4).</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>US dollars per million input tokens, for the cost estimate; null when unknown.</summary>
    public double? PricePerMillionInput { get; init; }

    /// <summary>US dollars per million output tokens, for the cost estimate; null when unknown.</summary>
    public double? PricePerMillionOutput { get; init; }

    /// <summary>The clock for the elapsed time (default: the system's).</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>Returns every problem with these options; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Concurrency is < 1 or > 256)
        {
            errors.Add($"{nameof(Concurrency)} must be between 1 and 256 (was {Concurrency}).");
        }

        (string Name, double? Price)[] prices =
            [(nameof(PricePerMillionInput), PricePerMillionInput), (nameof(PricePerMillionOutput), PricePerMillionOutput)];
        foreach (var (name, price) in prices)
        {
            if (price is { } p && (!double.IsFinite(p) || p < 0))
            {
                errors.Add($"{name} must be a non-negative number (was {p}).");
            }
        }

        return errors;
    }
}
