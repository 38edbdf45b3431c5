using System.Text.Json;
using AlignLab.Cli.Commands;
using AlignLab.Testing.ModelServer;

namespace AlignLab.Cli.Tests.Commands.Eval;

/// <summary>
/// Issue 14, item 8: the console printed <c>added p50 +-997 µs</c> (a negative difference behind a plus sign, for guard_only,
/// which calls no model), and its latencies (p95 28.5 ms) looked contradicted by <c>profile</c>'s whole-guard p95 446 µs
/// with no word on what either measures.
/// </summary>
public sealed class EvalLatencyColumnTests : EvalTempDir
{
    [Theory]
    [InlineData(-0.997, "-997 µs")]
    [InlineData(-1.316, "-1.3 ms")]
    [InlineData(-250, "-250 ms")]
    [InlineData(1.6, "+1.6 ms")]
    [InlineData(0.169, "+169 µs")]
    [InlineData(0, "±0 µs")]
    public void A_latency_difference_prints_with_one_sign(double ms, string expected) => Assert.Equal(expected, EvalRun.SignedMs(ms));

    [Fact]
    public async Task Guard_only_adds_nothing_around_a_model_and_the_footnote_says_what_latency_and_added_mean()
    {
        await using var server = await ScriptedModelServer.StartAsync(ScriptedReply.Text("Sure, here is a helpful answer."));
        var run = Out("run");

        var r = await CliRunner.RunAsync("eval", "--suite", "benign", "--attacks", "none", "--strategies", "guard_only,baseline,output_filter",
            "--model", $"openai:fake-model@{server.OpenAIBaseUrl};retries=0", "--output", run, "--concurrency", "3").WaitAsync(TimeSpan.FromMinutes(3));

        Assert.True(r.ExitCode == ExitCodes.Ok, r.Error);
        Assert.DoesNotContain("+-", r.Output, StringComparison.Ordinal);
        var guardRow = r.Output.Split('\n').Single(l => l.TrimStart().StartsWith("guard_only", StringComparison.Ordinal));
        Assert.Matches(@"(µs|ms)\s+–\s+0\s*$", guardRow); // p50 latency, then no added latency, then 0 errors
        var output = System.Text.RegularExpressions.Regex.Replace(r.Output, @"\s+", " "); // the console wraps the footnote
        Assert.Contains("while 3 case(s) run at once", output, StringComparison.Ordinal);
        Assert.Contains("added p50 = the strategy's p50 minus baseline's (the model alone) on the same cases", output, StringComparison.Ordinal);
        Assert.Contains("alignlab profile", output, StringComparison.Ordinal);

        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(run, "summary.json")));
        var strategies = summary.RootElement.GetProperty("strategies").EnumerateArray().ToDictionary(s => s.GetProperty("strategy").GetString()!);
        Assert.Equal(JsonValueKind.Null, strategies["guard_only"].GetProperty("added_latency_p50_ms").ValueKind);
        Assert.Equal(JsonValueKind.Number, strategies["output_filter"].GetProperty("added_latency_p50_ms").ValueKind);
        Assert.Contains("Added latency is a strategy's p50/p95 minus the baseline's", await File.ReadAllTextAsync(Path.Combine(run, "report.md")), StringComparison.Ordinal);
    }
}
