namespace AlignLab.Runtime.Judges;

/// <summary>
/// A judge's output could not be read as a verdict (empty, garbage, missing the answer). Never treated as "safe":
/// the pipeline applies the stage's failure mode.
/// </summary>
public sealed class JudgeParseException : Exception
{
    /// <summary>Creates the exception.</summary>
    public JudgeParseException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public JudgeParseException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the cause.</summary>
    public JudgeParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a message and the output that could not be parsed.</summary>
    public JudgeParseException(string message, string? rawOutput)
        : base(message)
    {
        RawOutput = rawOutput;
    }

    /// <summary>The judge's raw output, when known.</summary>
    public string? RawOutput { get; init; }

    /// <summary>The name of the template whose parser failed, when known.</summary>
    public string? Template { get; init; }
}
