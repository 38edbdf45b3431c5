using Xunit;

namespace AlignLab.Testing.Support;

/// <summary>
/// A browser test: skipped, saying why, on a developer machine without Debian's chromium; never skipped in CI
/// (<c>CI=true</c>, where .ci/run installs it), so a missing browser fails there instead of passing silently.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Chromium = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!IsAvailable && !CiMode.IsOn)
        {
            Skip = $"{Chromium} is not installed (apt-get install -y chromium to run the browser tests)";
        }
    }

    public static bool IsAvailable => File.Exists(Chromium);
}
