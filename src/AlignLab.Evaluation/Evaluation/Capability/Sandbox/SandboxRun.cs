namespace AlignLab.Evaluation.Capability.Sandbox;

/// <summary>What one program did in the sandbox.</summary>
/// <param name="ExitCode">The interpreter's exit code (-1 when it was killed at the timeout).</param>
/// <param name="TimedOut">True when the wall-clock limit killed it.</param>
/// <param name="Stdout">Standard output (capped).</param>
/// <param name="Stderr">Standard error (capped).</param>
/// <param name="ElapsedMs">Wall-clock time.</param>
public sealed record SandboxRun(int ExitCode, bool TimedOut, string Stdout, string Stderr, double ElapsedMs)
{
    /// <summary>The program ran to completion and exited 0 (for HumanEval: every assertion held).</summary>
    public bool Passed => ExitCode == 0 && !TimedOut;
}
