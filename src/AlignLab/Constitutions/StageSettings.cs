namespace AlignLab.Constitutions;

/// <summary>Settings of the three guard stages (<c>stages:</c> in YAML).</summary>
public sealed record StageSettings
{
    public bool InputEnabled { get; init; } = true;
    public bool StreamingEnabled { get; init; } = true;
    public bool OutputEnabled { get; init; } = true;

    /// <summary>Check the streamed response every this many tokens.</summary>
    public int CheckInterval { get; init; } = 16;

    /// <summary>
    /// The first check of a streamed attempt runs after this many tokens (or at the first sentence end, if sooner), so
    /// the first text reaches the caller early; later checks follow every <see cref="CheckInterval"/> tokens. Values
    /// above <see cref="CheckInterval"/> act as <see cref="CheckInterval"/>.
    /// </summary>
    public int FirstCheck { get; init; } = 4;

    /// <summary>Unsafe score at which a stream is cut.</summary>
    public double AbortThreshold { get; init; } = 0.9;

    /// <summary>How many times a stream may be restarted with steering instructions.</summary>
    public int MaxInterventions { get; init; } = 1;

    public FailureMode InputFailureMode { get; init; } = FailureMode.Closed;
    public FailureMode StreamingFailureMode { get; init; } = FailureMode.Open;
    public FailureMode OutputFailureMode { get; init; } = FailureMode.Closed;

    /// <summary>Whether a stage is enabled.</summary>
    public bool IsEnabled(PolicyStage stage) => stage switch
    {
        PolicyStage.Input => InputEnabled,
        PolicyStage.Streaming => StreamingEnabled,
        PolicyStage.Output => OutputEnabled,
        _ => false,
    };
}
