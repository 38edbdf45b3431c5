using Xunit;

namespace AlignLab.Testing.Support;

/// <summary>A fact that is skipped (not failed) when <c>../shared/data</c> is not beside the repository.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (SharedDataDirectory is null)
        {
            Skip = "../shared/data is not beside the repository";
        }
    }

    /// <summary>The shared data folder, or null when it is absent.</summary>
    public static string? SharedDataDirectory
    {
        get
        {
            var candidate = Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "data"));
            return Directory.Exists(candidate) ? candidate : null;
        }
    }
}
