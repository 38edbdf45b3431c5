using AlignLab.Cli.Commands;
using System.Text.Json;

namespace AlignLab.Cli.Tests.Commands.Eval;

/// <summary>
/// Two evals never share a run directory: default directories are claimed exclusively, an explicit one is locked. The
/// lock file exists only while a run holds the directory (before, a <c>.alignlab-eval.lock</c> stayed in every run folder).
/// </summary>
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
            foreach (var c in claims)
            {
                File.WriteAllText(Path.Combine(c.Path, "run.json"), "{}"); // what a run writes first
            }
        }
        finally
        {
            foreach (var c in claims)
            {
                c.Dispose();
            }
        }

        // A later run in the same second does not take a directory whose run has finished either, though no lock file is left.
        Assert.All(claims, c => Assert.False(File.Exists(Path.Combine(c.Path, EvalRunDirectory.LockFile))));
        using var next = EvalRunDirectory.Claim(root, "20261124-060800");
        Assert.Equal(Path.Combine(root, "20261124-060800-9"), next.Path);
    }

    [Fact]
    public void The_lock_file_is_there_while_a_run_holds_the_directory_and_gone_when_it_ends_even_on_failure()
    {
        var dir = Out("explicit");
        var lockFile = Path.Combine(dir, EvalRunDirectory.LockFile);
        var thrown = Assert.Throws<InvalidOperationException>((Action)(() =>
        {
            using var run = EvalRunDirectory.Lock(dir, "r1");
            Assert.True(File.Exists(lockFile));
            var second = Assert.Throws<CliUsageException>(() => EvalRunDirectory.Lock(dir, "r2"));
            Assert.Contains("in use by another 'alignlab eval' run", second.Message, StringComparison.Ordinal);
            Assert.True(File.Exists(lockFile)); // the refused second run did not delete the holder's lock file
            Assert.Throws<CliUsageException>(() => EvalRunDirectory.Lock(dir, "r3")); // so the directory is still held
            throw new InvalidOperationException("the run failed");
        }));

        Assert.Equal("the run failed", thrown.Message);
        Assert.False(File.Exists(lockFile));
        using var again = EvalRunDirectory.Lock(dir, "r4"); // released
    }

    [Fact]
    public void A_lock_file_left_by_a_killed_run_holds_nothing()
    {
        var dir = Out("killed");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, EvalRunDirectory.LockFile), "");

        using (EvalRunDirectory.Lock(dir, "r1"))
        {
        }

        Assert.False(File.Exists(Path.Combine(dir, EvalRunDirectory.LockFile)));
    }

    [Fact]
    public async Task A_finished_run_leaves_no_lock_file_in_its_default_directory_under_the_AlignLab_home()
    {
        // Repro: `alignlab eval` left eval-results/<run>/.alignlab-eval.lock in the current directory.
        var suite = Out("tiny.jsonl");
        await File.WriteAllLinesAsync(suite, ["{\"id\":\"b1\",\"text\":\"how do I bake bread?\",\"label\":\"benign\"}"]);

        var r = await CliRunner.RunAsync("eval", "--suite", suite, "--attacks", "none", "--json");

        Assert.True(r.ExitCode == ExitCodes.Ok, r.Error);
        using var json = JsonDocument.Parse(r.Output);
        var runDir = Path.Combine(TestHome.Path, "eval-results", json.RootElement.GetProperty("run_id").GetString()!);
        Assert.True(File.Exists(Path.Combine(runDir, "summary.json")));
        Assert.False(File.Exists(Path.Combine(runDir, EvalRunDirectory.LockFile)));
    }
}
