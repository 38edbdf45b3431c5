using Xunit;

namespace AlignLab.Testing.Support;

/// <summary>A theory that reads the shared datasets: skipped or failed exactly as <see cref="SharedDataFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SharedDataTheoryAttribute : TheoryAttribute
{
    public SharedDataTheoryAttribute()
    {
        Skip = SharedDataFactAttribute.SkipReason;
    }
}
