namespace AlignLab.Server.Operations;

/// <summary>The policy history or A/B store cannot be read or written; the message says which and why.</summary>
public sealed class OperationsStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OperationsStoreException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public OperationsStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public OperationsStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
