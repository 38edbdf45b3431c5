using Microsoft.Playwright;

namespace AlignLab.Server.Tests.Dashboard;

/// <summary>One headless Debian Chromium (no browser download) shared by the dashboard's browser tests.</summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!ChromiumFactAttribute.IsAvailable && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return; // every test of the class is skipped; see ChromiumFactAttribute
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchWithArgsAsync();
    }

    /// <summary>Another browser with extra command-line switches (e.g. host resolver rules); the caller disposes it.</summary>
    public Task<IBrowser> LaunchWithArgsAsync(params string[] extra) =>
        (_playwright ?? throw new InvalidOperationException("Chromium is not available")).Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", .. extra],
        });

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
