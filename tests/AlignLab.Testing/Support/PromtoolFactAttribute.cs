using Xunit;

namespace AlignLab.Testing.Support;

/// <summary>
/// A test that runs Prometheus's <c>promtool</c>: skipped, saying why, on a developer machine without Debian's
/// <c>prometheus</c> package; never skipped in CI (<c>CI=true</c>, where .ci/run installs it), so a missing tool fails
/// there instead of passing silently.
/// </summary>
public sealed class PromtoolFactAttribute : FactAttribute
{
    public const string Promtool = "/usr/bin/promtool";

    public PromtoolFactAttribute()
    {
        if (!IsAvailable && !CiMode.IsOn)
        {
            Skip = $"{Promtool} is not installed (apt-get install -y prometheus to check the alert rules)";
        }
    }

    public static bool IsAvailable => File.Exists(Promtool);
}
