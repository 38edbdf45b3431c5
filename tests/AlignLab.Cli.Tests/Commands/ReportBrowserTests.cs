using System.Diagnostics;

namespace AlignLab.Cli.Tests.Commands;

/// <summary>
/// The eval report opened in real headless Chromium (Debian's package; .ci/run installs it): it renders, logs
/// nothing to the console (no script errors, no content-security-policy violations), and a screenshot is kept as a
/// test artifact. Without Chromium the test fails under CI and is skipped elsewhere.
/// </summary>
public sealed class ReportBrowserTests : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private readonly string _dir = Directory.CreateTempSubdirectory("alignlab-report-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Eval_report_renders_in_headless_chromium_without_console_errors()
    {
        if (!File.Exists(Chromium))
        {
            Assert.True(Environment.GetEnvironmentVariable("CI") != "true", "CI must have chromium (.ci/run installs it)");
            return;
        }

        var run = Path.Combine(_dir, "run");
        var eval = await CliRunner.RunAsync("eval", "--output", run, "--attacks", "base64,role_play");
        Assert.True(eval.ExitCode == ExitCodes.Ok, eval.Error);

        var artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(artifacts);
        var png = Path.Combine(artifacts, "eval-report.png");
        File.Delete(png);
        var start = new ProcessStartInfo(Chromium) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--user-data-dir={Path.Combine(_dir, "profile")}", "--enable-logging=stderr", "--v=0",
            $"--screenshot={png}", "--window-size=1280,2400", new Uri(Path.Combine(run, "report.html")).AbsoluteUri,
        })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        var log = await stderr + await stdout;

        var console = log.Split('\n').Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal) || l.Contains("Uncaught", StringComparison.Ordinal)).ToList();
        Assert.True(console.Count == 0, string.Join("\n", console));
        Assert.True(File.Exists(png), log);
        Assert.True(new FileInfo(png).Length > 20_000, $"screenshot is only {new FileInfo(png).Length} bytes");
    }
}
