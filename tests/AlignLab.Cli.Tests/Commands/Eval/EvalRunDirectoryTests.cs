using AlignLab.Cli.Commands;
using System.Text.Json;

namespace AlignLab.Cli.Tests.Commands.Eval;

/// <summary>Two evals never share a run directory: default directories are claimed exclusively, an explicit one is locked.</summary>
public sealed class EvalRunDirectoryTests : EvalTempDir
{
    [Fact]
    public async Task Two_runs_into_the_same_output_at_once_do_not_mix_their_results()
    {
        var csv = Out("many.jsonl");
        await File.WriteAllLinesAsync(csv, Enumerable.Range(0, 300).Select(i => $"{{\"id\":\"q{i:D3}\",\"text\":\"question number {i} about bread\",\"label\":\"benign\"}}"));
        var args = new[] { "eval", "--suite", csv, "--attacks", "none", "--output", Out("shared"), "--concurrency", "1" };

        var runs = await Task.WhenAll(Task.Run(() => CliRunner.RunAsync(args)), Task.Run(() => CliRunner.RunAsync(args)));

        Assert.Contains(ExitCodes.Ok, runs.Select(r => r.ExitCode));
        var loser = Assert.Single(runs, r => r.ExitCode != ExitCodes.Ok);
        Assert.Equal(ExitCodes.UsageError, loser.ExitCode);
        Assert.Contains("shared", loser.Error, StringComparison.Ordinal);
        var ids = File.ReadLines(Path.Combine(Out("shared"), "results.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("case_id").GetString()).ToList();
        Assert.Equal(300, ids.Count);
        Assert.Equal(300, ids.Distinct().Count());
    }

    [Fact]
    public async Task Runs_started_in_the_same_second_claim_different_directories()
    {
        var root = Out("eval-results");
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => EvalRunDirectory.Claim(root, "20261124-060800"))));
        try
        {
            Assert.Equal(8, claims.Select(c => c.Path).Distinct().Count());
            Assert.Contains(claims, c => c.Path == Path.Combine(root, "20261124-060800") && c.RunId == "20261124-060800");
            Assert.Contains(claims, c => c.Path == Path.Combine(root, "20261124-060800-8") && c.RunId == "20261124-060800-8");
        }
        finally
        {
            foreach (var c in claims)
            {
                c.Dispose();
            }
        }

        // A later run in the same second does not take a directory whose run has finished either.
        using var next = EvalRunDirectory.Claim(root, "20261124-060800");
        Assert.Equal(Path.Combine(root, "20261124-060800-9"), next.Path);
    }
}
