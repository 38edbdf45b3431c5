namespace AlignLab.Testing.Processes;

/// <summary>How a child process ended: its exit code and everything it wrote to standard output and standard error.</summary>
public sealed record ProcessOutcome(int ExitCode, string Output, string Error);
