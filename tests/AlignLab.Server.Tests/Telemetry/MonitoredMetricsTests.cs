using System.Diagnostics.Metrics;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using AlignLab.Runtime.Telemetry;
using AlignLab.Server.Telemetry;
using AlignLab.Server.Tests.Support;
using AlignLab.Testing.ModelServer;

namespace AlignLab.Server.Tests.Telemetry;

/// <summary>
/// The rules and the dashboard in deploy/ name only series the gateway exports, and the export says which service it
/// is (issue 19: the metrics said <c>service_name="unknown_service:AlignLab.Cli"</c>).
/// </summary>
public sealed partial class MonitoredMetricsTests
{
    /// <summary>
    /// Tag keys of the two counters a healthy gateway does not move in this test (detector failures and streaming
    /// interventions), as AlignmentPipeline writes them with dots, which the exporter turns into underscores.
    /// </summary>
    private static readonly string[] UnscrapedTagKeys = ["alignlab_detector", "alignlab_failure_mode", "alignlab_kind"];

    [Fact]
    public async Task Every_series_and_label_the_alerts_and_dashboard_query_is_one_the_gateway_exports()
    {
        var scrape = await ScrapeAfterTrafficAsync();
        var exported = ExportedFamilies(scrape);
        var exportedLabels = LabelNames().Matches(scrape).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

        // The Prometheus names of every instrument the gateway declares. Those the traffic above moved must come out
        // exactly as the exporter wrote them, which checks the naming rule used for the ones it did not move.
        var declared = DeclaredInstruments().ToDictionary(PrometheusName, i => i);
        foreach (var family in exported.Where(f => f.StartsWith("alignlab_", StringComparison.Ordinal)))
        {
            Assert.True(declared.ContainsKey(family), $"the exporter wrote {family}, which the naming rule does not give for any instrument");
        }

        Assert.Contains("alignlab_gateway_requests_total", exported);
        Assert.Contains("alignlab_gateway_request_duration_seconds", exported);
        Assert.Contains("alignlab_gateway_policy_reloads_total", exported);
        Assert.Contains("alignlab_decisions_total", exported);
        Assert.Contains("alignlab_guard_duration_seconds", exported);

        var queries = MonitoringFiles.RuleExpressions().Select(r => ("rule " + r.Name, r.Expr))
            .Concat(MonitoringFiles.DashboardExpressions().Select(d => ("panel " + d.Panel, d.Expr)));
        foreach (var (where, expr) in queries)
        {
            var (series, labels) = MonitoringFiles.Names(expr);
            foreach (var name in series)
            {
                var family = Family(name);
                Assert.True(exported.Contains(family) || declared.ContainsKey(family), $"{where} queries {name}, which the gateway does not export");
            }

            foreach (var label in labels)
            {
                Assert.True(exportedLabels.Contains(label) || UnscrapedTagKeys.Contains(label), $"{where} uses label {label}, which no exported series has");
            }
        }
    }

    [Fact]
    public async Task The_export_names_the_service_alignlab_gateway_and_its_version()
    {
        var scrape = await ScrapeAfterTrafficAsync();
        var info = scrape.Split('\n').FirstOrDefault(l => l.StartsWith("target_info{", StringComparison.Ordinal));
        Assert.NotNull(info);
        Assert.Contains($"service_name=\"{GatewayTelemetry.ServiceName}\"", info, StringComparison.Ordinal);
        Assert.Contains($"service_version=\"{GatewayTelemetry.ServiceVersion}\"", info, StringComparison.Ordinal);
        Assert.DoesNotContain("unknown_service", scrape, StringComparison.Ordinal);
        Assert.Equal("alignlab-gateway", GatewayTelemetry.ServiceName);
    }

    /// <summary>
    /// A chat completion through a scripted upstream over loopback (the guard pipeline's decisions), a moderation, an
    /// accepted and a rejected policy reload; then the scrape once they all show.
    /// </summary>
    private static async Task<string> ScrapeAfterTrafficAsync()
    {
        await using var s = await ScriptedGateway.StartAsync(_ => ScriptedReply.Text("Paris is the capital of France."), TestPolicies.Basic);
        var answer = await s.Sdk().CompleteChatAsync("What is the capital of France?");
        Assert.Contains("Paris", answer.Value.Content[0].Text, StringComparison.Ordinal);
        using var client = s.Gateway.CreateClient();
        using (var m = await client.PostAsync("v1/moderations", new StringContent("{\"input\":\"hello\"}", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, m.StatusCode);
        }

        using (var ok = await client.PostAsync("api/policies/a/reload", new StringContent(TestPolicies.Basic, Encoding.UTF8, "application/yaml")))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using (var bad = await client.PostAsync("api/policies/a/reload", new StringContent("rules: [", Encoding.UTF8, "application/yaml")))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        }

        // The exporter caches a scrape briefly; poll until every family shows up.
        var scrape = "";
        for (var i = 0; i < 40; i++)
        {
            using var r = await client.GetAsync("metrics");
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            scrape = await r.Content.ReadAsStringAsync();
            if (scrape.Contains("result=\"rejected\"", StringComparison.Ordinal) && scrape.Contains("result=\"ok\"", StringComparison.Ordinal)
                && scrape.Contains("alignlab_guard_duration_seconds", StringComparison.Ordinal))
            {
                break;
            }

            await Task.Delay(250);
        }

        return scrape;
    }

    /// <summary>The metric families in a scrape (histograms without their _bucket/_sum/_count suffix).</summary>
    private static HashSet<string> ExportedFamilies(string scrape) =>
        scrape.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal))
            .Select(l => l.Split(' ')[2]).ToHashSet(StringComparer.Ordinal);

    private static string Family(string series)
    {
        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (series.EndsWith(suffix, StringComparison.Ordinal))
            {
                return series[..^suffix.Length];
            }
        }

        return series;
    }

    private static IEnumerable<Instrument> DeclaredInstruments() =>
        new[] { typeof(GatewayTelemetry), typeof(AlignmentTelemetry) }
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => typeof(Instrument).IsAssignableFrom(f.FieldType))
            .Select(f => (Instrument)f.GetValue(null)!);

    /// <summary>The OpenTelemetry Prometheus exporter's name: dots to underscores, the unit "s" as _seconds, counters _total.</summary>
    private static string PrometheusName(Instrument instrument)
    {
        var name = instrument.Name.Replace('.', '_');
        if (instrument.Unit == "s")
        {
            name += "_seconds";
        }

        var isCounter = instrument.GetType().IsGenericType && instrument.GetType().GetGenericTypeDefinition() == typeof(Counter<>);
        return isCounter ? name + "_total" : name;
    }

    [GeneratedRegex(@"[{,]([a-zA-Z_][a-zA-Z0-9_]*)=""")]
    private static partial Regex LabelNames();
}
