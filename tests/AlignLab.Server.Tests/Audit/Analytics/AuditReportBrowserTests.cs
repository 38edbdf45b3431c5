using System.Collections.Concurrent;
using AlignLab.Server.Audit;
using AlignLab.Server.Audit.Analytics;
using AlignLab.Server.Tests.Dashboard;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AlignLab.Server.Tests.Audit.Analytics;

/// <summary>The audit report (<c>alignlab report --audit</c>) opened from disk in the dashboard tests' Chromium.</summary>
[Collection(DashboardBrowserCollection.Name)]
public sealed class AuditReportBrowserTests(ChromiumFixture chromium) : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private readonly ConcurrentQueue<string> _problems = new();
    private IBrowserContext? _context;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }

        _dir.Dispose();
    }

    [ChromiumFact]
    public async Task Audit_report_opens_without_console_errors_and_draws_its_charts()
    {
        var path = _dir.File("audit.db");
        await using (var log = new SqliteAuditLog(path))
        {
            for (var i = 0; i < 7 * 24; i++)
            {
                var blocked = i % 7 == 0;
                await log.AppendAsync(AuditSamples.Record(AuditSamples.Monday.AddHours(i),
                    blocked ? AuditSamples.Alignment("weapons.build", "weapons", 0.9, null) : AuditSamples.Decision(null, null, (i % 10) / 20.0),
                    blocked ? "block" : "allow", blocked, i % 50 == 0 ? 502 : 200, 5 + (i % 30)), CancellationToken.None);
            }
        }

        var from = DateOnly.FromDateTime(AuditSamples.Monday.UtcDateTime);
        await using var reader = SqliteAuditReader.Open(path);
        var report = await AuditAnalyzer.AnalyzeAsync(reader, new AuditReportOptions(from, from.AddDays(6)), null, CancellationToken.None);
        var files = AuditReportWriter.WriteAll(report, _dir.File("report"));

        _context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await _context.NewPageAsync();
        page.Console += (_, m) =>
        {
            if (m.Type is "error" or "warning")
            {
                _problems.Enqueue($"console {m.Type}: {m.Text}");
            }
        };
        page.PageError += (_, e) => _problems.Enqueue("page error: " + e);
        await page.GotoAsync(new Uri(files[2]).AbsoluteUri);

        await Expect(page.Locator("h1")).ToContainTextAsync("Audit report 2026-11-30 – 2026-12-06");
        await Expect(page.Locator("#charts svg")).ToHaveCountAsync(AuditMetrics.All.Count - 2);
        foreach (var svg in await page.Locator("#charts svg").AllAsync())
        {
            var box = (await svg.BoundingBoxAsync())!;
            Assert.True(box.Width > 200 && box.Height > 100, $"a chart is drawn {box.Width:F0}×{box.Height:F0}");
            Assert.True(await svg.Locator("rect").CountAsync() > 7, "a chart without bars");
        }

        await Expect(page.Locator("table.sortable").First).ToContainTextAsync("2026-12-06");
        await Expect(page.Locator("footer")).ToContainTextAsync("PSI compares");
        await Expect(page.Locator("footer")).Not.ToContainTextAsync("Wilson");
        Directory.CreateDirectory(DashboardPage.ScreenshotDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardPage.ScreenshotDirectory, "audit-report.png"), FullPage = true });
        Assert.Empty(_problems);
    }
}
