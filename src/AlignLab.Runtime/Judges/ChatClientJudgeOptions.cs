using AlignLab.Constitutions;

namespace AlignLab.Runtime.Judges;

/// <summary>Settings for a <see cref="ChatClientJudge"/>. The judge copies them when it is constructed.</summary>
public sealed class ChatClientJudgeOptions
{
    /// <summary>How long one judge call may take (default 30 s); <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for none.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Unsafe score at or above which the result is flagged (default 0.5).</summary>
    public double Threshold { get; set; } = 0.5;

    /// <summary>Category ids, codes or aliases listed in the prompt; null for the template's default list.</summary>
    public IReadOnlyList<string>? Categories { get; set; }

    /// <summary>Sampling temperature sent to the model (default 0: judges should be deterministic); null to leave it to the model.</summary>
    public float? Temperature { get; set; } = 0f;

    /// <summary>Maximum output tokens (default 512, room for a short reasoning block); null to leave it to the model.</summary>
    public int? MaxOutputTokens { get; set; } = 512;

    /// <summary>Model id sent with each request, for clients that serve several models; null for the client's default.</summary>
    public string? ModelId { get; set; }

    /// <summary>Returns every problem with these options; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Timeout <= TimeSpan.Zero && Timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            errors.Add($"{nameof(Timeout)} must be positive (was {Timeout}).");
        }

        if (!double.IsFinite(Threshold) || Threshold is <= 0 or > 1)
        {
            errors.Add($"{nameof(Threshold)} must be in (0, 1] (was {Threshold}).");
        }

        if (Categories is not null)
        {
            if (Categories.Count == 0)
            {
                errors.Add($"{nameof(Categories)} must not be empty (use null for the template's default).");
            }

            foreach (var c in Categories)
            {
                if (!HarmCategory.TryFind(c, out _))
                {
                    errors.Add($"{nameof(Categories)}: unknown category '{c}' (known: {string.Join(", ", HarmCategory.Ids)}).");
                }
            }
        }

        if (Temperature is { } t && (!float.IsFinite(t) || t < 0))
        {
            errors.Add($"{nameof(Temperature)} must be a non-negative number (was {t}).");
        }

        if (MaxOutputTokens is < 1)
        {
            errors.Add($"{nameof(MaxOutputTokens)} must be at least 1 (was {MaxOutputTokens}).");
        }

        return errors;
    }

    /// <summary>Returns an independent copy.</summary>
    public ChatClientJudgeOptions Clone()
    {
        var copy = (ChatClientJudgeOptions)MemberwiseClone();
        copy.Categories = Categories is null ? null : [.. Categories];
        return copy;
    }
}
