using System.Text.Json;
using AlignLab.Cli.Files;

namespace AlignLab.Cli.Tests.Commands;

public sealed class TuneCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("alignlab-tune-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Tune_writes_a_policy_that_eval_accepts()
    {
        var output = Path.Combine(_dir, "tuned.yaml");
        var tune = await CliRunner.RunAsync("tune", "--target-fpr", "0.02", "--output", output, "--json");
        Assert.True(tune.ExitCode == ExitCodes.Ok, tune.Error);
        using var doc = JsonDocument.Parse(tune.Output);
        Assert.True(doc.RootElement.GetProperty("fpr_after").GetDouble() <= doc.RootElement.GetProperty("fpr_before").GetDouble() + 0.02);
        // Repro: `alignlab tune --target-fpr 0.02` dropped a 20 KB alignlab_default_constitution.yaml beside the overlay.
        Assert.Equal(["tuned.holdout.jsonl", "tuned.yaml"], Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var copy = Path.Combine(TestHome.Path, DefaultConstitutionCopy.Folder, DefaultConstitutionCopy.FileName);
        Assert.True(File.Exists(copy));
        Assert.Contains($"include: \"{copy.Replace('\\', '/')}\"", await File.ReadAllTextAsync(output), StringComparison.Ordinal);

        var eval = await CliRunner.RunAsync("eval", "--policy", output, "--attacks", "none", "--output", Path.Combine(_dir, "run"));
        Assert.True(eval.ExitCode == ExitCodes.Ok, eval.Error);
        Assert.Contains("alignlab-default-tuned", eval.Output, StringComparison.Ordinal);

        var bad = await CliRunner.RunAsync("tune", "--target-fpr", "2");
        Assert.Equal(ExitCodes.UsageError, bad.ExitCode);
    }

    [Fact]
    public async Task Tune_holds_out_half_the_cases_measures_the_tuned_policy_there_and_eval_of_the_held_out_file_agrees()
    {
        // Issue 14, item 9: tune tuned on the bundled suites and printed 'check it with: alignlab eval --policy …', which
        // measured on the same cases (+15 points of optimism).
        var output = Path.Combine(_dir, "tuned.yaml");
        var heldOutFile = Path.Combine(_dir, "tuned.holdout.jsonl");
        var tune = await CliRunner.RunAsync("tune", "--target-fpr", "0.02", "--output", output, "--json");
        Assert.True(tune.ExitCode == ExitCodes.Ok, tune.Error);
        using var doc = JsonDocument.Parse(tune.Output);
        var split = doc.RootElement.GetProperty("split");
        Assert.Equal(0.5, split.GetProperty("holdout").GetDouble());
        Assert.Equal(273, split.GetProperty("tuning_cases").GetInt32()); // 546 bundled harmful, benign and contrast cases
        Assert.Equal(273, split.GetProperty("held_out_cases").GetInt32());
        Assert.Equal(heldOutFile, split.GetProperty("held_out_file").GetString());
        Assert.Equal(273, File.ReadLines(heldOutFile).Count());
        var heldOut = doc.RootElement.GetProperty("held_out");
        var recallAfter = heldOut.GetProperty("recall_after");
        Assert.Equal(heldOut.GetProperty("harmful").GetInt32(), recallAfter.GetProperty("total").GetInt32());
        Assert.True(recallAfter.GetProperty("low").GetDouble() < recallAfter.GetProperty("rate").GetDouble());

        // The held-out file is a suite: eval of the tuned policy on it gives the numbers tune reported for it.
        var eval = await CliRunner.RunAsync("eval", "--policy", output, "--suite", heldOutFile, "--attacks", "none", "--output", Path.Combine(_dir, "run"), "--json");
        Assert.True(eval.ExitCode == ExitCodes.Ok, eval.Error);
        using var summary = JsonDocument.Parse(eval.Output);
        var guard = summary.RootElement.GetProperty("strategies")[0];
        Assert.Equal(recallAfter.GetProperty("successes").GetInt32(), guard.GetProperty("harmful_blocked").GetProperty("successes").GetInt32());

        // The console names the held-out part and prints a command that measures on it, not on the tuning data.
        var text = await CliRunner.RunAsync("tune", "--target-fpr", "0.02", "--output", output);
        var console = System.Text.RegularExpressions.Regex.Replace(text.Output, @"\s+", " ");
        Assert.Contains("held out, not seen by tuning: ", console, StringComparison.Ordinal);
        Assert.Contains($"alignlab eval --policy {output} --suite {heldOutFile} --attacks none", console, StringComparison.Ordinal);

        // --holdout 0 tunes on everything and says its numbers overstate the gain.
        var all = await CliRunner.RunAsync("tune", "--target-fpr", "0.02", "--output", Path.Combine(_dir, "all.yaml"), "--holdout", "0");
        Assert.True(all.ExitCode == ExitCodes.Ok, all.Error);
        Assert.Contains("overstate the gain", System.Text.RegularExpressions.Regex.Replace(all.Output, @"\s+", " "), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "all.holdout.jsonl")));
        Assert.Equal(ExitCodes.UsageError, (await CliRunner.RunAsync("tune", "--target-fpr", "0.02", "--holdout", "1")).ExitCode);
    }
}
