using AlignLab.Diagnostics;

namespace AlignLab.Constitutions;

/// <summary>Thrown when code asks for a constitution that failed to load; carries every diagnostic.</summary>
public sealed class ConstitutionException : Exception
{
    public ConstitutionException(IReadOnlyList<Diagnostic> diagnostics)
        : base("The constitution is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, diagnostics.Where(d => d.IsError)))
    {
        Diagnostics = diagnostics;
    }

    public ConstitutionException()
        : this([])
    {
    }

    public ConstitutionException(string message)
        : base(message)
    {
        Diagnostics = [];
    }

    public ConstitutionException(string message, Exception innerException)
        : base(message, innerException)
    {
        Diagnostics = [];
    }

    /// <summary>The diagnostics that caused the failure.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }
}
