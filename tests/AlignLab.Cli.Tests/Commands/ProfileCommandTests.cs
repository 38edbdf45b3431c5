using System.Text.Json;

namespace AlignLab.Cli.Tests.Commands;

public sealed class ProfileCommandTests
{
    [Fact]
    public async Task Prints_stage_and_length_tables()
    {
        var r = await CliRunner.RunAsync("profile", "--suite", "benign", "--repeat", "1");

        Assert.True(r.ExitCode == ExitCodes.Ok, r.Error);
        foreach (var text in new[] { "normalise", "classifier", "rules + decision", "whole guard", "p50", "p95", "share", "cases/s", "<256", "1k–4k" })
        {
            Assert.Contains(text, r.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Json_numbers_are_present_positive_and_ordered()
    {
        var r = await CliRunner.RunAsync("profile", "--suite", "benign", "--suite", "contrast", "--repeat", "2", "--json");

        Assert.True(r.ExitCode == ExitCodes.Ok, r.Error);
        using var doc = JsonDocument.Parse(r.Output);
        var root = doc.RootElement;
        Assert.Equal("alignlab.profile/1", root.GetProperty("schema").GetString());
        Assert.True(root.GetProperty("cases_per_second").GetDouble() > 0);
        var stages = root.GetProperty("stages").EnumerateArray().ToDictionary(s => s.GetProperty("stage").GetString()!);
        Assert.Equal(["normalize", "classify", "rules_and_decision", "evaluate"], stages.Keys);
        foreach (var name in new[] { "normalize", "classify", "evaluate" })
        {
            var s = stages[name];
            Assert.Equal(root.GetProperty("cases").GetInt32() * 2, s.GetProperty("samples").GetInt32());
            Assert.True(s.GetProperty("p50_us").GetDouble() > 0, name);
            Assert.True(s.GetProperty("p95_us").GetDouble() >= s.GetProperty("p50_us").GetDouble(), name);
            Assert.True(s.GetProperty("max_us").GetDouble() >= s.GetProperty("p95_us").GetDouble(), name);
        }

        Assert.True(stages["normalize"].GetProperty("p50_us").GetDouble() <= stages["evaluate"].GetProperty("p50_us").GetDouble());
        Assert.Equal(1, stages["evaluate"].GetProperty("share").GetDouble());
        var buckets = root.GetProperty("buckets").EnumerateArray().ToList();
        Assert.Equal(4, buckets.Count);
        Assert.Equal(root.GetProperty("cases").GetInt32(), buckets.Sum(b => b.GetProperty("cases").GetInt32()));
    }

    [Fact]
    public async Task No_classifier_and_bad_repeat()
    {
        var r = await CliRunner.RunAsync("profile", "--suite", "benign", "--repeat", "1", "--no-classifier", "--json");
        Assert.True(r.ExitCode == ExitCodes.Ok, r.Error);
        using var doc = JsonDocument.Parse(r.Output);
        Assert.False(doc.RootElement.GetProperty("classifier").GetBoolean());
        Assert.DoesNotContain(doc.RootElement.GetProperty("stages").EnumerateArray(), s => s.GetProperty("stage").GetString() == "classify");

        Assert.Equal(ExitCodes.UsageError, (await CliRunner.RunAsync("profile", "--repeat", "0")).ExitCode);
        Assert.Equal(ExitCodes.Ok, (await CliRunner.RunAsync("profile", "--help")).ExitCode);
    }
}
