using AlignLab.Evaluation.Capability.Sandbox;

namespace AlignLab.Runtime.Tests.TestSupport;

/// <summary>A fact skipped (with the sandbox's own reason) where the Python sandbox cannot run: no python3, no unshare, not root.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SandboxFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Unavailable = new(() => PythonSandbox.CreateAsync().GetAwaiter().GetResult().Unavailable);

    public SandboxFactAttribute()
    {
        if (Unavailable.Value is { } reason)
        {
            Skip = reason;
        }
    }
}
