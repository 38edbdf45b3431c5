namespace AlignLab.Runtime.Critique;

/// <summary>A critic's or reviser's output could not be used (no VIOLATION answer, an empty revision).</summary>
public sealed class CritiqueParseException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CritiqueParseException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public CritiqueParseException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the cause.</summary>
    public CritiqueParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The raw output that could not be used.</summary>
    public string? RawOutput { get; init; }
}
