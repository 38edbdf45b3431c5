using System.Net;
using System.Text;
using System.Text.Json;
using AlignLab.Server.Hosting;
using AlignLab.Server.Tests.Support;

namespace AlignLab.Server.Tests.Hosting;

/// <summary>Health, readiness, metrics, the A/B split and the gateway file.</summary>
public sealed class GatewayOperationsTests
{
    [Fact]
    public async Task Health_readiness_and_prometheus_metrics_answer()
    {
        await using var gateway = await RunningGateway.StartAsync();
        using var client = gateway.CreateClient();
        using (var m = await client.PostAsync("v1/moderations", new StringContent("{\"input\":\"hello\"}", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, m.StatusCode);
        }

        using var health = await client.GetAsync("healthz");
        using var ready = await client.GetAsync("readyz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var doc = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.True(doc.RootElement.GetProperty("audit").GetBoolean());

        // The exporter caches a scrape briefly; poll until the counter shows up.
        string metrics = "";
        for (var i = 0; i < 20 && !metrics.Contains("alignlab_gateway_requests", StringComparison.Ordinal); i++)
        {
            using var r = await client.GetAsync("metrics");
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            metrics = await r.Content.ReadAsStringAsync();
            if (!metrics.Contains("alignlab_gateway_requests", StringComparison.Ordinal))
            {
                await Task.Delay(250);
            }
        }

        Assert.Contains("alignlab_gateway_requests", metrics, StringComparison.Ordinal);
        Assert.Contains("endpoint=\"moderations\"", metrics, StringComparison.Ordinal);

        // Durations are in seconds (OpenTelemetry semantic conventions); they were alignlab_gateway_duration_milliseconds.
        Assert.Contains("alignlab_gateway_request_duration_seconds_bucket", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("_milliseconds", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ab_split_keeps_each_user_in_one_arm_and_counts_per_arm()
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
        using var client = gateway.CreateClient();
        var armsByUser = new Dictionary<string, HashSet<string>>();
        for (var user = 0; user < 40; user++)
        {
            for (var repeat = 0; repeat < 2; repeat++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "v1/moderations")
                {
                    Content = new StringContent("{\"input\":\"be strict\"}", Encoding.UTF8, "application/json"),
                };
                request.Headers.Add("X-AlignLab-Subject", "user-" + user);
                using var r = await client.SendAsync(request);
                var arm = r.Headers.GetValues("x-alignlab-arm").Single();
                using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
                Assert.Equal(arm == "b", doc.RootElement.GetProperty("results")[0].GetProperty("flagged").GetBoolean());
                (armsByUser.TryGetValue("u" + user, out var set) ? set : armsByUser["u" + user] = []).Add(arm);
            }
        }

        Assert.All(armsByUser.Values, s => Assert.Single(s));
        var inB = armsByUser.Values.Count(s => s.Contains("b"));
        Assert.InRange(inB, 8, 32);
        Assert.Equal(inB * 2, gateway.State.StatsFor("b").Requests);
        Assert.Equal(inB * 2, gateway.State.StatsFor("b").Flagged);
        Assert.Equal((40 - inB) * 2, gateway.State.StatsFor("a").Requests);
        Assert.Equal(0, gateway.State.StatsFor("a").Flagged);
    }

    [Fact]
    public void Gateway_file_errors_name_file_line_and_column()
    {
        using var dir = new TempDir();
        var path = dir.Write("gateway.yaml", "listen: http://127.0.0.1:9000\npolicy: p.yaml\napi_keys:\n  - name: ci\n    sha256: sk-plaintext\npolcy: x.yaml\n");
        var options = new GatewayOptions();
        var diagnostics = GatewayConfigLoader.Load(path, options);

        Assert.Contains(diagnostics, d => d.IsError && d.Location.Line == 5 && d.Message.Contains("sha256", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.IsError && d.Location.Line == 6 && d.Location.Column == 1 && d.Hint is not null && d.Hint.Contains("policy", StringComparison.Ordinal));
        Assert.All(diagnostics, d => Assert.Equal(path, d.Location.File));
    }

    [Fact]
    public void Gateway_file_reads_keys_audit_and_paths_relative_to_itself()
    {
        using var dir = new TempDir();
        var hash = AlignLab.Server.Security.ApiKeyHasher.Hash("k");
        var path = dir.Write("gateway.yaml", $"listen: [http://127.0.0.1:9000]\npolicy: policies/p.yaml\nsplit: 0.25\napi_keys:\n  - name: ci\n    sha256: {hash}\n    requests_per_second: 5\naudit:\n  sqlite: data/audit.db\n  postgres_env: PG_TEST_CS\n");
        var options = new GatewayOptions();
        var diagnostics = GatewayConfigLoader.Load(path, options, name => name == "PG_TEST_CS" ? "Host=127.0.0.1;Database=x" : null);

        Assert.DoesNotContain(diagnostics, d => d.IsError);
        Assert.Equal(["http://127.0.0.1:9000"], options.Urls);
        Assert.Equal(Path.Combine(dir.Path, "policies", "p.yaml"), options.PolicyPath);
        Assert.Equal(Path.Combine(dir.Path, "data", "audit.db"), options.AuditDatabasePath);
        Assert.Equal("Host=127.0.0.1;Database=x", options.AuditPostgresConnectionString);
        var key = Assert.Single(options.ApiKeys);
        Assert.Equal(("ci", hash, 5.0, 10), (key.Name, key.Sha256, key.RequestsPerSecond, key.Burst));
        Assert.Equal(0.25, options.SplitFraction);
    }
}
