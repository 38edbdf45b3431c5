using System.Collections.Concurrent;
using AlignLab.Server.Tests.Support;
using Microsoft.Playwright;

namespace AlignLab.Server.Tests.Dashboard;

/// <summary>
/// A browser page on a running gateway's dashboard that records console errors, page errors, CSP violations and
/// failed requests (any of which fails <see cref="AssertClean"/>), and saves screenshots under
/// <c>artifacts/screenshots</c> of the test output directory.
/// </summary>
public sealed class DashboardPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly ConcurrentQueue<string> _problems = new();

    private DashboardPage(IBrowserContext context, IPage page, RunningGateway gateway)
    {
        _context = context;
        Page = page;
        Gateway = gateway;
    }

    public IPage Page { get; }

    public RunningGateway Gateway { get; }

    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "artifacts", "screenshots");

    /// <summary>Opens <paramref name="path"/> and enters the API key in the shared key box.</summary>
    public static async Task<DashboardPage> OpenAsync(ChromiumFixture chromium, RunningGateway gateway, string path, string key = RunningGateway.Key)
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = gateway.BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        var result = new DashboardPage(context, page, gateway);
        page.Console += (_, m) =>
        {
            if (m.Type is "error" or "warning" && !m.Text.Contains("DevTools", StringComparison.Ordinal))
            {
                result._problems.Enqueue($"console {m.Type}: {m.Text}");
            }
        };
        page.PageError += (_, e) => result._problems.Enqueue("page error: " + e);
        page.RequestFailed += (_, r) => result._problems.Enqueue($"request failed: {r.Method} {r.Url} {r.Failure}");
        await page.GotoAsync(path);
        await page.FillAsync("#api-key", key);
        await page.ClickAsync("#save-key");
        await Assertions.Expect(page.Locator("#key-state")).ToHaveTextAsync("key saved");
        return result;
    }

    /// <summary>Accepts console errors matching <paramref name="expected"/> (e.g. an HTTP 422 the page handles) and removes them.</summary>
    public IReadOnlyList<string> TakeProblems(Func<string, bool> expected)
    {
        var kept = new List<string>();
        var taken = new List<string>();
        while (_problems.TryDequeue(out var p))
        {
            (expected(p) ? taken : kept).Add(p);
        }

        foreach (var p in kept)
        {
            _problems.Enqueue(p);
        }

        return taken;
    }

    public async Task ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });
    }

    /// <summary>Fails when the page logged an error or warning, threw, violated its CSP or had a request fail.</summary>
    public void AssertClean() => Assert.True(_problems.IsEmpty, "browser problems:\n" + string.Join("\n", _problems));

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
