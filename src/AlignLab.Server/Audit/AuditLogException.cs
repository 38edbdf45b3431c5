namespace AlignLab.Server.Audit;

/// <summary>The audit log could not commit a record; the gateway answers 503 rather than act unrecorded.</summary>
public sealed class AuditLogException : Exception
{
    public AuditLogException()
    {
    }

    public AuditLogException(string message)
        : base(message)
    {
    }

    public AuditLogException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
