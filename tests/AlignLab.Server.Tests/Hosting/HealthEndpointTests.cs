using System.Net;
using System.Text.Json;
using AlignLab.Server.Tests.Support;

namespace AlignLab.Server.Tests.Hosting;

/// <summary>
/// Issue 16, item 5: <c>/healthz</c> and <c>/readyz</c> are ASP.NET Core health checks now (they were hand-written
/// endpoints); probes and dashboards read their answers, so the bodies stay what they were.
/// </summary>
public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Healthz_answers_ok_as_text_and_readyz_names_every_store_and_each_arms_policy_version()
    {
        using var dir = new TempDir();
        var a = dir.Write("a.yaml", TestPolicies.Basic);
        var b = dir.Write("b.yaml", TestPolicies.Strict);
        await using var gateway = await RunningGateway.StartAsync(o =>
        {
            o.PolicyPath = a;
            o.PolicyBPath = b;
            o.SplitFraction = 0.5;
        });
        using var client = gateway.CreateClient(anonymous: true);

        using var health = await client.GetAsync("healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("text/plain", health.Content.Headers.ContentType?.MediaType);
        Assert.Equal("ok\n", await health.Content.ReadAsStringAsync());

        using var ready = await client.GetAsync("readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("application/json", ready.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        var root = doc.RootElement;
        Assert.Equal(
            ["ready", "audit", "audit_store", "review", "review_store", "preferences", "preference_store", "policies"],
            root.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.True(root.GetProperty("ready").GetBoolean());
        Assert.True(root.GetProperty("review").GetBoolean());
        Assert.True(root.GetProperty("preferences").GetBoolean());
        Assert.StartsWith("SQLite ", root.GetProperty("review_store").GetString(), StringComparison.Ordinal);
        var policies = root.GetProperty("policies");
        Assert.Equal(gateway.State.Policies.Find("a")!.Current.Version, policies.GetProperty("a").GetString());
        Assert.Equal(gateway.State.Policies.Find("b")!.Current.Version, policies.GetProperty("b").GetString());
    }
}
