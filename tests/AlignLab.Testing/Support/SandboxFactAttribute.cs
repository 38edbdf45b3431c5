using AlignLab.Evaluation.Capability.Sandbox;
using Xunit;

namespace AlignLab.Testing.Support;

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

    /// <summary>Also skip when ../shared/data is not beside the repository (outside CI, as <see cref="SharedDataFactAttribute"/>).</summary>
    public bool NeedsSharedData
    {
        get => false;
        init
        {
            if (value && Skip is null)
            {
                Skip = SharedDataFactAttribute.SkipReason;
            }
        }
    }
}
