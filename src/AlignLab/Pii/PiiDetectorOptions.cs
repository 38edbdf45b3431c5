namespace AlignLab.Pii;

/// <summary>Settings of a <see cref="PiiDetector"/>. Call <see cref="Validate"/> (the detector does) before use.</summary>
public sealed class PiiDetectorOptions
{
    /// <summary>The kinds to look for; all of them by default.</summary>
    public IReadOnlyCollection<PiiKind> Kinds { get; set; } = Enum.GetValues<PiiKind>();

    /// <summary>
    /// Minimum Shannon entropy (bits per character) of the value in a generic <c>password=</c> / <c>api_key:</c> assignment.
    /// Random keys score about 3.7–5; English words about 2.5–3.4. Default 3.5.
    /// </summary>
    public double SecretEntropyThreshold { get; set; } = 3.5;

    /// <summary>Minimum length of the value in a generic secret assignment. Default 16.</summary>
    public int SecretMinLength { get; set; } = 16;

    /// <summary>Entities with a lower confidence are dropped. Default 0 (keep all).</summary>
    public double MinimumConfidence { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range.</summary>
    public void Validate()
    {
        if (Kinds is null)
        {
            throw new ArgumentException("Kinds must not be null.", nameof(Kinds));
        }

        foreach (var kind in Kinds)
        {
            if (!Enum.IsDefined(kind))
            {
                throw new ArgumentException($"Unknown PII kind {(int)kind}.", nameof(Kinds));
            }
        }

        if (double.IsNaN(SecretEntropyThreshold) || SecretEntropyThreshold < 0 || SecretEntropyThreshold > 16)
        {
            throw new ArgumentException("SecretEntropyThreshold must be between 0 and 16 bits per character.", nameof(SecretEntropyThreshold));
        }

        if (SecretMinLength is < 1 or > 256)
        {
            throw new ArgumentException("SecretMinLength must be between 1 and 256.", nameof(SecretMinLength));
        }

        if (double.IsNaN(MinimumConfidence) || MinimumConfidence is < 0 or > 1)
        {
            throw new ArgumentException("MinimumConfidence must be between 0 and 1.", nameof(MinimumConfidence));
        }
    }
}
