namespace AlignLab.Server.Tests.Telemetry;

/// <summary>
/// deploy/prometheus/alignlab-rules.yml is valid for Prometheus, each alert fires on the scenario in its unit test file
/// and not on the traffic beside it, and the dashboard's queries are valid PromQL.
/// </summary>
public sealed class AlertRulesTests
{
    [PromtoolFact]
    public async Task Promtool_check_rules_accepts_the_rule_file()
    {
        var (code, output) = await MonitoringFiles.PromtoolAsync(MonitoringFiles.PrometheusDir, "check", "rules", "alignlab-rules.yml");
        Assert.True(code == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [PromtoolFact]
    public async Task Promtool_unit_tests_show_every_alert_firing_on_its_scenario_and_quiet_beside_it()
    {
        var (code, output) = await MonitoringFiles.PromtoolAsync(MonitoringFiles.PrometheusDir, "test", "rules", "alignlab-rules.test.yml");
        Assert.True(code == 0, output);

        // Every alert of the rule file has a scenario, so none can be edited into silence without a test noticing.
        var tests = File.ReadAllText(Path.Combine(MonitoringFiles.PrometheusDir, "alignlab-rules.test.yml"));
        foreach (var (name, _) in MonitoringFiles.RuleExpressions().Where(r => !r.Name.Contains(':', StringComparison.Ordinal)))
        {
            Assert.Contains("alertname: " + name, tests, StringComparison.Ordinal);
        }
    }

    [PromtoolFact]
    public async Task A_rule_that_no_longer_fires_fails_the_unit_tests()
    {
        // The unit tests can fail: raise the 5xx threshold from 5% to 10% in a copy and the 9% scenario goes quiet.
        using var dir = new TempDir();
        var rules = await File.ReadAllTextAsync(MonitoringFiles.Rules);
        Assert.Contains("alignlab:gateway_error_ratio:rate5m > 0.05", rules, StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "alignlab-rules.yml"),
            rules.Replace("alignlab:gateway_error_ratio:rate5m > 0.05", "alignlab:gateway_error_ratio:rate5m > 0.10", StringComparison.Ordinal));
        File.Copy(Path.Combine(MonitoringFiles.PrometheusDir, "alignlab-rules.test.yml"), Path.Combine(dir.Path, "alignlab-rules.test.yml"));

        var (code, output) = await MonitoringFiles.PromtoolAsync(dir.Path, "test", "rules", "alignlab-rules.test.yml");
        Assert.NotEqual(0, code);
        Assert.Contains("AlignLabGatewayErrorRateHigh", output, StringComparison.Ordinal);
    }

    [PromtoolFact]
    public async Task Every_dashboard_query_is_valid_promql()
    {
        // promtool has no query parser of its own on the command line; each query becomes a recording rule it checks.
        using var dir = new TempDir();
        var exprs = MonitoringFiles.DashboardExpressions();
        var yaml = new System.Text.StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        for (var i = 0; i < exprs.Count; i++)
        {
            var promql = MonitoringFiles.AsPromQl(exprs[i].Expr).Replace("'", "''", StringComparison.Ordinal);
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"      - record: dashboard:query_{i}\n        expr: '{promql}'\n");
        }

        await File.WriteAllTextAsync(Path.Combine(dir.Path, "dashboard.yml"), yaml.ToString());
        var (code, output) = await MonitoringFiles.PromtoolAsync(dir.Path, "check", "rules", "dashboard.yml");
        Assert.True(code == 0, output);
        Assert.Contains($"{exprs.Count} rules found", output, StringComparison.Ordinal);
    }
}
