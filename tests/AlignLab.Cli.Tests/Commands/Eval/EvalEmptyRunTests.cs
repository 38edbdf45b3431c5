using System.Text.Json;

namespace AlignLab.Cli.Tests.Commands.Eval;

/// <summary>A run that measured nothing never passes a CI gate, and a suite with no cases is a usage error.</summary>
public sealed class EvalEmptyRunTests : EvalTempDir
{
    [Theory]
    [InlineData("header.csv", "prompt,label\n")]
    [InlineData("empty.jsonl", "")]
    [InlineData("blank.jsonl", "\n\n")]
    [InlineData("empty.csv", "")]
    public async Task A_suite_file_without_cases_is_a_usage_error_naming_the_file(string name, string content)
    {
        var path = Out(name);
        await File.WriteAllTextAsync(path, content);

        var r = await CliRunner.RunAsync("eval", "--suite", path, "--text-column", "prompt", "--label-column", "label", "--fail-under", "safety=0.9", "--output", Out("run"));

        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
        Assert.Contains(name, r.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Out("run"), "summary.json")));
    }

    [Fact]
    public async Task Gates_fail_as_not_measured_when_no_strategy_could_run()
    {
        var r = await CliRunner.RunAsync("eval", "--suite", "benign", "--strategies", "baseline", "--attacks", "none", "--fail-under", "safety=0.9", "--fail-over", "fpr=0.1", "--output", Out("run"), "--json");

        Assert.Equal(ExitCodes.Failed, r.ExitCode);
        Assert.Contains("gate failed: safety = not measured", r.Error, StringComparison.Ordinal);
        Assert.Contains("gate failed: fpr = not measured", r.Error, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Out("run"), "summary.json")));
        var gates = doc.RootElement.GetProperty("gates").EnumerateArray().ToList();
        Assert.Equal(2, gates.Count);
        Assert.All(gates, g => Assert.False(g.GetProperty("passed").GetBoolean()));
        Assert.Contains("not measured", await File.ReadAllTextAsync(Path.Combine(Out("run"), "junit.xml")), StringComparison.Ordinal);
    }
}
