using System.Text.Json;
using AlignLab.Testing.ModelServer;

namespace AlignLab.Cli.Tests.Commands.Eval;

/// <summary>
/// Issue 14, item 7: <c>eval --suite benign --suite harmful --attacks none --model openai:fake-model@URL</c>, where the
/// model's critique has no <c>VIOLATION:</c> line, reported constitutional 100.0% harmful blocked, 100.0% false
/// positives and 0 errors (every answer was the fail-closed "could not be safety-checked" message). A critic or judge
/// whose answer cannot be read decides nothing: those cases are errors everywhere the run is reported.
/// </summary>
public sealed class EvalBrokenCriticTests : EvalTempDir
{
    private const int Cases = 396; // bundled benign (200) + harmful (196)

    [Fact]
    public async Task A_critic_and_a_judge_whose_answers_cannot_be_read_are_errors_in_the_table_summary_reports_and_junit_never_blocks()
    {
        // Every request, the critique and the consensus judge's included, gets the same plain answer.
        await using var server = await ScriptedModelServer.StartAsync(ScriptedReply.Text("Sure, here is a helpful answer."));
        var run = Out("run");

        var r = await CliRunner.RunAsync("eval", "--suite", "benign", "--suite", "harmful", "--attacks", "none", "--strategies", "baseline,constitutional,consensus",
            "--model", $"openai:fake-model@{server.OpenAIBaseUrl};retries=0", "--output", run).WaitAsync(TimeSpan.FromMinutes(4));

        Assert.Equal(ExitCodes.Failed, r.ExitCode); // errors fail the run
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(run, "summary.json")));
        var strategies = summary.RootElement.GetProperty("strategies").EnumerateArray().ToDictionary(s => s.GetProperty("strategy").GetString()!);
        var constitutional = strategies["constitutional"];
        Assert.Equal(Cases, constitutional.GetProperty("errors").GetInt32());
        Assert.Equal(0, constitutional.GetProperty("harmful_blocked").GetProperty("successes").GetInt32()); // was 196 of 196
        Assert.Equal(0, constitutional.GetProperty("false_positives").GetProperty("successes").GetInt32()); // was 200 of 200
        Assert.Equal(0, constitutional.GetProperty("interventions").GetProperty("successes").GetInt32());
        // Consensus: the model as a JSON judge never answers in JSON, so every case is an error but those the input
        // guard stopped before the vote (the only cases it blocked).
        var consensus = strategies["consensus"];
        Assert.InRange(consensus.GetProperty("errors").GetInt32(), Cases / 2, Cases - 1);
        // Since issue 15 the input guard also stops four benign requests (the unsafe score acts on its own), counted as false positives.
        Assert.Equal(Cases, consensus.GetProperty("errors").GetInt32() + consensus.GetProperty("harmful_blocked").GetProperty("successes").GetInt32()
            + consensus.GetProperty("false_positives").GetProperty("successes").GetInt32());
        Assert.Equal(0, strategies["baseline"].GetProperty("errors").GetInt32()); // the bare model worked

        // The console table's errors column, and what the errors were.
        var row = r.Output.Split('\n').Single(l => l.TrimStart().StartsWith("constitutional", StringComparison.Ordinal));
        Assert.EndsWith(Cases.ToString(System.Globalization.CultureInfo.InvariantCulture), row.TrimEnd());
        Assert.StartsWith("0.0%", row.TrimStart()["constitutional".Length..].TrimStart(), StringComparison.Ordinal);
        Assert.Contains($"constitutional: {Cases} of {Cases} case(s) errored, e.g. output: critique_revision failed", r.Error, StringComparison.Ordinal);
        Assert.Contains("VIOLATION", r.Error, StringComparison.Ordinal);
        Assert.Contains($"consensus: {consensus.GetProperty("errors").GetInt32()} of {Cases} case(s) errored, e.g. output: consensus validator model_judge failed",
            r.Error, StringComparison.Ordinal);

        // Each result carries its error; report.md and junit.xml count them.
        var results = File.ReadLines(Path.Combine(run, "results.jsonl")).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("strategy").GetString() == "constitutional").ToList();
        Assert.Equal(Cases, results.Count);
        Assert.All(results, e => Assert.Contains("critique_revision failed", e.GetProperty("error").GetString(), StringComparison.Ordinal));
        var markdown = await File.ReadAllTextAsync(Path.Combine(run, "report.md"));
        Assert.Contains($" | {Cases} |\n", markdown.Split('\n').Single(l => l.StartsWith("| constitutional |", StringComparison.Ordinal)) + "\n", StringComparison.Ordinal);
        var junit = await File.ReadAllTextAsync(Path.Combine(run, "junit.xml"));
        Assert.Contains($"<testsuite name=\"constitutional\" tests=\"{Cases + 1}\" failures=\"0\" errors=\"{Cases}\"", junit, StringComparison.Ordinal);
        var html = await File.ReadAllTextAsync(Path.Combine(run, "report.html"));
        Assert.Contains($"data-v=\"{Cases}\">{Cases}</td>", html, StringComparison.Ordinal);
    }
}
