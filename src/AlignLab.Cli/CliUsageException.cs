namespace AlignLab.Cli;

/// <summary>A problem with what the user asked for (bad file, unknown name); reported as exit code 2 without a stack trace.</summary>
public sealed class CliUsageException : Exception
{
    public CliUsageException()
    {
    }

    public CliUsageException(string message)
        : base(message)
    {
    }

    public CliUsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
