namespace AlignLab.Tests.Evaluation.Reports;

/// <summary>A fact that is skipped (not failed) when no headless Chromium is installed.</summary>
internal sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Chromium = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Chromium))
        {
            Skip = $"{Chromium} is not installed (apt-get install -y chromium to run this test)";
        }
    }
}
