namespace AlignLab.Server.Audit.Analytics;

/// <summary>An audit log that cannot be read (missing, not a database, no audit table); the message says which and why.</summary>
public sealed class AuditReaderException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AuditReaderException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public AuditReaderException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public AuditReaderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
