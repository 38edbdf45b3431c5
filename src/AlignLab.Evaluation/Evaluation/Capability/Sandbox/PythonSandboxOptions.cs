namespace AlignLab.Evaluation.Capability.Sandbox;

/// <summary>Limits for <see cref="PythonSandbox"/>. Defaults suit HumanEval (each program finishes in well under a second).</summary>
public sealed class PythonSandboxOptions
{
    /// <summary>Wall-clock limit per program; the whole process tree is killed when it passes.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Address-space limit (RLIMIT_AS) of the interpreter.</summary>
    public long MemoryBytes { get; set; } = 1L << 30;

    /// <summary>Largest file the program may write (RLIMIT_FSIZE), also the size of its private temp dir.</summary>
    public long FileBytes { get; set; } = 16L << 20;

    /// <summary>Processes the sandbox user may have (RLIMIT_NPROC), against fork bombs.</summary>
    public int MaxProcesses { get; set; } = 32;

    /// <summary>Characters of standard output and standard error kept (the rest is read and dropped).</summary>
    public int MaxOutputChars { get; set; } = 8000;

    /// <summary>The interpreter to use (null: the first of /usr/bin/python3, /usr/local/bin/python3 and python3 on PATH that works in the sandbox).</summary>
    public string? PythonPath { get; set; }

    /// <summary>A copy, so that a sandbox does not change when the caller's options do.</summary>
    public PythonSandboxOptions Copy() => (PythonSandboxOptions)MemberwiseClone();

    /// <summary>Every problem with the options (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(10))
        {
            errors.Add($"Timeout must be between 0 and 10 minutes (got {Timeout})");
        }

        if (MemoryBytes < 64L << 20)
        {
            errors.Add($"MemoryBytes must be at least 64 MiB (got {MemoryBytes})");
        }

        if (FileBytes < 4096)
        {
            errors.Add($"FileBytes must be at least 4096 (got {FileBytes})");
        }

        if (MaxProcesses < 1)
        {
            errors.Add($"MaxProcesses must be at least 1 (got {MaxProcesses})");
        }

        if (MaxOutputChars < 0)
        {
            errors.Add($"MaxOutputChars must not be negative (got {MaxOutputChars})");
        }

        return errors;
    }
}
