namespace AlignLab.Evaluation.Suites;

/// <summary>
/// A suite cannot be read at all: unknown suite name, missing or unsupported file, a column that is not there, a file
/// without labels and no <see cref="SuiteOptions.DefaultLabel"/>. The message names the file (and line when there is one).
/// </summary>
public sealed class SuiteException : Exception
{
    public SuiteException()
    {
    }

    public SuiteException(string message)
        : base(message)
    {
    }

    public SuiteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a place in a file; the message becomes <c>file:line: message</c> (or <c>file: message</c>).</summary>
    public SuiteException(string file, long line, string message)
        : base(line > 0 ? $"{file}:{line}: {message}" : $"{file}: {message}")
    {
        File = file;
        Line = line;
    }

    /// <summary>The file concerned, when there is one.</summary>
    public string? File { get; }

    /// <summary>The 1-based line concerned, or 0.</summary>
    public long Line { get; }
}
