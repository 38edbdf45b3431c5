using System.Text.Json;
using System.Text.RegularExpressions;
using AlignLab.Testing.Processes;
using YamlDotNet.RepresentationModel;

namespace AlignLab.Server.Tests.Telemetry;

/// <summary>The alert rules and the dashboard in deploy/, and the PromQL expressions they hold.</summary>
internal static partial class MonitoringFiles
{
    public static string PrometheusDir => Path.Combine(RepoPaths.Root, "deploy", "prometheus");

    public static string Rules => Path.Combine(PrometheusDir, "alignlab-rules.yml");

    public static string Dashboard => Path.Combine(RepoPaths.Root, "deploy", "grafana", "alignlab-gateway.json");

    public static string DashboardSchema => Path.Combine(RepoPaths.Root, "deploy", "grafana", "dashboard.schema.json");

    /// <summary>Every <c>expr</c> of the rule file, by the rule's name (alert or record).</summary>
    public static IReadOnlyList<(string Name, string Expr)> RuleExpressions()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Rules)));
        var list = new List<(string, string)>();
        var groups = (YamlSequenceNode)((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("groups")];
        foreach (var group in groups.Cast<YamlMappingNode>())
        {
            foreach (var rule in ((YamlSequenceNode)group.Children[new YamlScalarNode("rules")]).Cast<YamlMappingNode>())
            {
                var name = rule.Children.TryGetValue(new YamlScalarNode("alert"), out var a) ? a : rule.Children[new YamlScalarNode("record")];
                list.Add((((YamlScalarNode)name).Value!, ((YamlScalarNode)rule.Children[new YamlScalarNode("expr")]).Value!));
            }
        }

        return list;
    }

    /// <summary>Every target expression of the dashboard, by panel title.</summary>
    public static IReadOnlyList<(string Panel, string Expr)> DashboardExpressions()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Dashboard));
        var list = new List<(string, string)>();
        foreach (var panel in doc.RootElement.GetProperty("panels").EnumerateArray())
        {
            foreach (var target in panel.GetProperty("targets").EnumerateArray())
            {
                list.Add((panel.GetProperty("title").GetString()!, target.GetProperty("expr").GetString()!));
            }
        }

        return list;
    }

    /// <summary>
    /// The dashboard's expression as Prometheus itself would run it: Grafana's variables replaced by what they stand
    /// for (<c>$__rate_interval</c> and <c>$__range</c> by durations, <c>$job</c> by a match-all regex).
    /// </summary>
    public static string AsPromQl(string dashboardExpr) =>
        dashboardExpr.Replace("$__rate_interval", "5m", StringComparison.Ordinal)
            .Replace("$__range", "6h", StringComparison.Ordinal)
            .Replace("$job", ".*", StringComparison.Ordinal);

    /// <summary>
    /// The names in <paramref name="expr"/> that start with <c>alignlab_</c>, split into series names (followed by a
    /// selector, a range or the end of a call) and label names (inside <c>by (…)</c> or a selector).
    /// </summary>
    public static (IReadOnlySet<string> Series, IReadOnlySet<string> Labels) Names(string expr)
    {
        var series = new HashSet<string>(StringComparer.Ordinal);
        var labels = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in Name().Matches(expr))
        {
            var next = expr[(m.Index + m.Length)..].TrimStart();
            var isLabel = next.StartsWith('=') || next.StartsWith("!=", StringComparison.Ordinal) || InsideGrouping(expr, m.Index);
            (isLabel ? labels : series).Add(m.Value);
        }

        return (series, labels);
    }

    /// <summary>Whether <paramref name="at"/> lies inside the parentheses of a <c>by</c> or <c>without</c> clause.</summary>
    private static bool InsideGrouping(string expr, int at)
    {
        var open = expr.LastIndexOf('(', at);
        var close = expr.LastIndexOf(')', at);
        if (open < 0 || close > open)
        {
            return false;
        }

        var before = expr[..open].TrimEnd();
        return before.EndsWith(" by", StringComparison.Ordinal) || before.EndsWith(" without", StringComparison.Ordinal);
    }

    /// <summary>Runs promtool with <paramref name="args"/> in <paramref name="directory"/>; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> PromtoolAsync(string directory, params string[] args)
    {
        var outcome = await ChildProcess.RunAsync(PromtoolFactAttribute.Promtool, args, TimeSpan.FromMinutes(2), directory);
        return (outcome.ExitCode, outcome.Output + outcome.Error);
    }

    [GeneratedRegex(@"(?<![a-zA-Z0-9_:])alignlab_[a-z0-9_]+")]
    private static partial Regex Name();
}
