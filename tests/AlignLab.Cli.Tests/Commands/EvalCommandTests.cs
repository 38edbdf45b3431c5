using System.Text.Json;

namespace AlignLab.Cli.Tests.Commands;

public sealed class EvalCommandTests
{
    [Fact]
    public async Task Runs_offline_on_the_bundled_suite_and_prints_the_summary()
    {
        var r = await CliRunner.RunAsync("eval");

        Assert.Equal(ExitCodes.Ok, r.ExitCode);
        Assert.Contains("Harmful blocked", r.Output, StringComparison.Ordinal);
        Assert.Contains("False positives", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_summary_numbers_come_from_the_policy()
    {
        var strict = await CliRunner.RunAsync("eval", "--json");
        var weak = await CliRunner.RunAsync("eval", "--json", "--policy", CliRunner.Example("alignment_rules.yaml"));

        using var a = JsonDocument.Parse(strict.Output);
        using var b = JsonDocument.Parse(weak.Output);
        Assert.Equal(40, a.RootElement.GetProperty("total").GetInt32());
        var defaultBlocked = a.RootElement.GetProperty("harmful_blocked").GetDouble();
        Assert.True(defaultBlocked >= 0.75, $"default policy blocked {defaultBlocked:P0}");
        Assert.True(a.RootElement.GetProperty("false_positive_rate").GetDouble() <= 0.10);
        Assert.NotEqual(defaultBlocked, b.RootElement.GetProperty("harmful_blocked").GetDouble());
    }
}
