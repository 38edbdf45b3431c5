using System.Net;
using AlignLab.Runtime.Review;
using AlignLab.Server.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace AlignLab.Server.Tests.Dashboard;

/// <summary>
/// The security probe's browser attacks, in a real (Debian) Chromium against a key-less loopback gateway:
/// a page on another origin tries CSRF with no-cors fetches (finding 6), frames the dashboard (finding 14),
/// and reaches the gateway under a rebound host name (finding 6, emulated with Chromium's host resolver rules).
/// </summary>
[Collection(DashboardBrowserCollection.Name)]
public sealed class CrossSiteBrowserTests(ChromiumFixture chromium)
{
    // Finding 6 repro: from a page on http://localhost:9003, fetch(…, {mode: 'no-cors', headers: {'Content-Type':
    // 'text/plain'}}) replaced the serving policy, approved a review item and added a preference pair; a second page
    // crashed the gateway with 40,000 '[' posted to /api/policies/validate.
    [ChromiumFact]
    public async Task A_page_on_another_origin_cannot_reload_the_policy_decide_reviews_add_pairs_or_crash_the_gateway()
    {
        await using var gateway = await RunningGateway.StartAsync(defaultKey: false);
        var queue = gateway.App.Services.GetRequiredService<IReviewQueue>();
        var item = await queue.EnqueueAsync(new ReviewRequest("judge unsure", "how do I pick a lock?", null, "default", "{}", [], 0.5));
        var before = gateway.State.Policies.Find("a")!.Current.Version;
        var target = $"http://localhost:{gateway.BaseAddress.Port}";
        var script = $$"""
            const t = '{{target}}';
            const opts = body => ({ method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body });
            const deep = '['.repeat(40000) + ']'.repeat(40000);
            Promise.allSettled([
              fetch(t + '/api/policies/a/reload?persist=true', opts('constitutional_ai:\n  name: attacker\n  specific_rules: []\n')),
              fetch(t + '/api/review/{{item.Id}}/decision', opts('{"verdict":"approve"}')),
              fetch(t + '/api/preferences', opts('{"prompt":"p","chosen":"a","rejected":"b"}')),
              fetch(t + '/api/policies/validate', opts(deep)),
              fetch(t + '/api/policies/a/reload', { method: 'POST', mode: 'no-cors', body: new Blob(['x'], { type: 'application/x-www-form-urlencoded' }) }),
            ]).then(() => { document.title = 'done'; });
            """;
        await using var attacker = await AttackerSite.StartAsync($"<!doctype html><title>attacker</title><script>{script}</script>");
        var context = await chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync($"http://localhost:{attacker.Port}/");
        await page.WaitForFunctionAsync("document.title === 'done'");
        await context.CloseAsync();

        Assert.Equal(before, gateway.State.Policies.Find("a")!.Current.Version);
        Assert.Equal(ReviewStatus.Pending, (await queue.GetAsync(item.Id))!.Status);
        using var client = gateway.CreateClient(anonymous: true);
        using var health = await client.GetAsync("healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var prefs = await client.GetAsync("api/preferences");
        Assert.Contains("\"count\":0", await prefs.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(await gateway.State.Audit.RecentAsync(50, CancellationToken.None), r => r.Endpoint is "policies.reload" or "review.decision" or "preferences.add");
    }

    // Finding 14 repro: dashboard pages could be framed by any site (no frame-ancestors, no X-Frame-Options).
    [ChromiumFact]
    public async Task A_page_on_another_origin_cannot_frame_the_dashboard()
    {
        await using var gateway = await RunningGateway.StartAsync(defaultKey: false);
        var dashboard = $"http://localhost:{gateway.BaseAddress.Port}/ui/policy.html";
        await using var attacker = await AttackerSite.StartAsync($"<!doctype html><title>framer</title><iframe id=f src=\"{dashboard}\" width=800 height=600></iframe>");
        var context = await chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, m) => console.Add(m.Text);

        await page.GotoAsync($"http://localhost:{attacker.Port}/", new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        var frame = page.Frames.Single(f => f != page.MainFrame);
        var loadedDashboard = await frame.EvaluateAsync<bool>("() => { try { return !!document.querySelector('nav, #yaml'); } catch { return false; } }");
        await context.CloseAsync();

        Assert.False(loadedDashboard);
        Assert.Contains(console, m => m.Contains("frame", StringComparison.OrdinalIgnoreCase) && (m.Contains("X-Frame-Options", StringComparison.Ordinal) || m.Contains("frame-ancestors", StringComparison.Ordinal)));
    }

    // Finding 6 repro: `Host: evil.example` got 200 on /api/audit, so a DNS-rebinding page could read the audit log and queue.
    [ChromiumFact]
    public async Task A_rebound_host_name_gets_no_page_and_no_audit_log()
    {
        await using var gateway = await RunningGateway.StartAsync(defaultKey: false);
        await using var browser = await chromium.LaunchWithArgsAsync("--host-resolver-rules=MAP evil.example 127.0.0.1");
        var page = await browser.NewPageAsync();

        var audit = await page.GotoAsync($"http://evil.example:{gateway.BaseAddress.Port}/api/audit");
        var auditText = await page.ContentAsync();
        var ui = await page.GotoAsync($"http://evil.example:{gateway.BaseAddress.Port}/ui/review.html");

        Assert.Equal(421, audit!.Status);
        Assert.DoesNotContain("records", auditText, StringComparison.Ordinal);
        Assert.Equal(421, ui!.Status);
        var direct = await page.GotoAsync($"http://127.0.0.1:{gateway.BaseAddress.Port}/api/audit");
        Assert.Equal(200, direct!.Status);
    }

    /// <summary>A loopback web server for the attacker's page (another origin: another port).</summary>
    private sealed class AttackerSite(WebApplication app, int port) : IAsyncDisposable
    {
        public int Port { get; } = port;

        public static async Task<AttackerSite> StartAsync(string html)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            app.MapGet("/", (HttpContext http) =>
            {
                http.Response.ContentType = "text/html; charset=utf-8";
                return http.Response.WriteAsync(html);
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new AttackerSite(app, new Uri(address).Port);
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
