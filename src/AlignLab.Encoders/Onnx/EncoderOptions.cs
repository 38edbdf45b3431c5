namespace AlignLab.Encoders.Onnx;

/// <summary>How the encoder runs and how much of a long text it reads.</summary>
public sealed class EncoderOptions
{
    /// <summary>Largest window the model accepts, in tokens including [CLS] and [SEP].</summary>
    public const int ModelMaxTokens = 512;

    /// <summary>ONNX Runtime intra-op threads (1: one core per call, as the guard's budget is measured).</summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>Tokens per window including [CLS] and [SEP] (at most <see cref="ModelMaxTokens"/>).</summary>
    public int WindowTokens { get; init; } = 256;

    /// <summary>
    /// Windows read from one text at most. A longer text is read at this many windows spread evenly over it, the first
    /// and the last included; this bounds the time of any input (<see cref="MaxWindows"/> × one window).
    /// </summary>
    public int MaxWindows { get; init; } = 4;

    /// <summary>The problems with these options; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (IntraOpThreads is < 1 or > 64)
        {
            errors.Add($"IntraOpThreads must be 1-64 (is {IntraOpThreads})");
        }

        if (WindowTokens is < 8 or > ModelMaxTokens)
        {
            errors.Add($"WindowTokens must be 8-{ModelMaxTokens} (is {WindowTokens})");
        }

        if (MaxWindows is < 1 or > 64)
        {
            errors.Add($"MaxWindows must be 1-64 (is {MaxWindows})");
        }

        return errors;
    }
}
