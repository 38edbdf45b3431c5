using System.Text.Json;
using Json.Schema;

namespace AlignLab.Server.Tests.Telemetry;

/// <summary>deploy/grafana/alignlab-gateway.json against its JSON Schema, and what a schema cannot say.</summary>
public sealed class GrafanaDashboardTests
{
    private static JsonDocument Load() => JsonDocument.Parse(File.ReadAllText(MonitoringFiles.Dashboard));

    // Built once: the library's registry refuses a second schema with the same $id.
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(File.ReadAllText(MonitoringFiles.DashboardSchema)));

    private static EvaluationResults Validate(JsonElement dashboard) =>
        Schema.Value.Evaluate(dashboard, new EvaluationOptions { OutputFormat = OutputFormat.List });

    private static string Errors(EvaluationResults results) =>
        string.Join("; ", (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));

    [Fact]
    public void The_dashboard_matches_its_json_schema()
    {
        using var doc = Load();
        var results = Validate(doc.RootElement);
        Assert.True(results.IsValid, Errors(results));
    }

    [Fact]
    public void The_schema_rejects_a_panel_without_queries_and_a_panel_wider_than_the_grid()
    {
        // The schema check can fail: a broken copy of the dashboard is rejected, naming the place.
        var broken = File.ReadAllText(MonitoringFiles.Dashboard).Replace("\"w\": 12", "\"w\": 25", StringComparison.Ordinal)
            .Replace("\"targets\": [", "\"targets_gone\": [", StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(broken);
        var results = Validate(doc.RootElement);
        Assert.False(results.IsValid);
        Assert.Contains("/panels/0", Errors(results), StringComparison.Ordinal);
        Assert.Contains("/gridPos/w", Errors(results), StringComparison.Ordinal);
    }

    [Fact]
    public void Panels_have_unique_ids_do_not_overlap_and_use_only_defined_variables()
    {
        using var doc = Load();
        var panels = doc.RootElement.GetProperty("panels").EnumerateArray().ToList();
        var ids = panels.Select(p => p.GetProperty("id").GetInt32()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());

        var boxes = panels.Select(p => p.GetProperty("gridPos")).Select(g =>
            (X: g.GetProperty("x").GetInt32(), Y: g.GetProperty("y").GetInt32(), W: g.GetProperty("w").GetInt32(), H: g.GetProperty("h").GetInt32())).ToList();
        for (var i = 0; i < boxes.Count; i++)
        {
            Assert.True(boxes[i].X + boxes[i].W <= 24, $"panel {ids[i]} runs past the 24-column grid");
            for (var j = i + 1; j < boxes.Count; j++)
            {
                var (a, b) = (boxes[i], boxes[j]);
                var overlap = a.X < b.X + b.W && b.X < a.X + a.W && a.Y < b.Y + b.H && b.Y < a.Y + a.H;
                Assert.False(overlap, $"panels {ids[i]} and {ids[j]} overlap");
            }
        }

        var defined = doc.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray()
            .Select(v => v.GetProperty("name").GetString()!).ToHashSet(StringComparer.Ordinal);
        foreach (var (panel, expr) in MonitoringFiles.DashboardExpressions())
        {
            foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(expr, @"\$(?!__)([a-zA-Z_][a-zA-Z0-9_]*)"))
            {
                Assert.True(defined.Contains(m.Groups[1].Value), $"panel '{panel}' uses ${m.Groups[1].Value}, which the dashboard does not define");
            }
        }
    }
}
