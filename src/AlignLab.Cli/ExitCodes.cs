namespace AlignLab.Cli;

/// <summary>The stable exit codes of the <c>alignlab</c> command (documented in README.md).</summary>
public static class ExitCodes
{
    /// <summary>Success: the text was allowed, the file is valid, every case passed.</summary>
    public const int Ok = 0;

    /// <summary>The check failed: validation errors, test-case mismatches, metric gates missed.</summary>
    public const int Failed = 1;

    /// <summary>The command line or an input file could not be used (unknown option, missing file, bad policy).</summary>
    public const int UsageError = 2;

    /// <summary><c>check</c>: the decision blocks the exchange (redirect, refuse, escalate or block).</summary>
    public const int Blocked = 3;

    /// <summary>A model or service the command needed could not be reached or failed (connection refused, timeout, error status).</summary>
    public const int Unavailable = 69;

    /// <summary>Cancelled (Ctrl+C).</summary>
    public const int Cancelled = 130;

    /// <summary>An unexpected internal error; please report it.</summary>
    public const int InternalError = 70;
}
