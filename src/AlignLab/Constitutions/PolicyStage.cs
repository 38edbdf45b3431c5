namespace AlignLab.Constitutions;

/// <summary>Where in an exchange a rule applies.</summary>
[Flags]
public enum PolicyStage
{
    /// <summary>No stage.</summary>
    None = 0,

    /// <summary>The user's turn and any tool or retrieved content, before generation.</summary>
    Input = 1,

    /// <summary>The response while it is being generated.</summary>
    Streaming = 2,

    /// <summary>The complete response, after generation.</summary>
    Output = 4,

    /// <summary>Every stage.</summary>
    All = Input | Streaming | Output,
}
