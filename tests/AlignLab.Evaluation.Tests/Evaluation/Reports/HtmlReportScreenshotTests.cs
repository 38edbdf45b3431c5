using System.Diagnostics;
using System.Text.Json;
using AlignLab.Evaluation.Reports;

namespace AlignLab.Tests.Evaluation.Reports;

/// <summary>Renders the report in headless Chromium: it must load and paint a non-trivial page.</summary>
public sealed class HtmlReportScreenshotTests
{
    [ChromiumFact]
    public void Report_renders_in_headless_chromium()
    {
        using var dir = new TempDir();
        var html = Path.Combine(dir.Path, "report.html");
        var png = Path.Combine(dir.Path, "report.png");
        File.WriteAllText(html, ExampleReportTests.Example());

        var psi = new ProcessStartInfo(ChromiumFactAttribute.Chromium)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + Path.Combine(dir.Path, "profile"),
            "--screenshot=" + png, "--window-size=1280,2400", new Uri(html).AbsoluteUri,
        })
        {
            psi.ArgumentList.Add(arg);
        }

        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        _ = p.StandardOutput.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail("chromium did not finish within 120 s");
        }

        Assert.True(File.Exists(png), "no screenshot; chromium said: " + stderr.Result);
        var length = new FileInfo(png).Length;
        Assert.True(length > 20 * 1024, $"screenshot is only {length} bytes");
        if (Environment.GetEnvironmentVariable("ALIGNLAB_KEEP_SCREENSHOT") is { Length: > 0 } keep)
        {
            File.Copy(png, keep, overwrite: true);
        }
    }
}
