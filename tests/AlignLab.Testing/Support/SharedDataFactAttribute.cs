using Xunit;

namespace AlignLab.Testing.Support;

/// <summary>
/// A fact that reads the shared datasets (<c>../shared/data</c> beside the repository): skipped, saying what it needs,
/// on a machine without them (a fresh clone); never skipped in CI (<c>CI=true</c>), where a missing folder fails the
/// test through <see cref="RepoPaths.SharedData"/> instead of passing silently.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        Skip = SkipReason;
    }

    /// <summary>The shared data folder, or null when it is absent.</summary>
    public static string? SharedDataDirectory => RepoPaths.FindSharedData();

    /// <summary>Why a test that needs the shared data is skipped here, or null when it should run (data present, or CI).</summary>
    public static string? SkipReason => SharedDataDirectory is null && !CiMode.IsOn ? RepoPaths.SharedDataMissing : null;
}
