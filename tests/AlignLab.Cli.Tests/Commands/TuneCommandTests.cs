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
        Assert.Equal(["tuned.yaml"], Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName));
        var copy = Path.Combine(TestHome.Path, DefaultConstitutionCopy.Folder, DefaultConstitutionCopy.FileName);
        Assert.True(File.Exists(copy));
        Assert.Contains($"include: \"{copy.Replace('\\', '/')}\"", await File.ReadAllTextAsync(output), StringComparison.Ordinal);

        var eval = await CliRunner.RunAsync("eval", "--policy", output, "--attacks", "none", "--output", Path.Combine(_dir, "run"));
        Assert.True(eval.ExitCode == ExitCodes.Ok, eval.Error);
        Assert.Contains("alignlab-default-tuned", eval.Output, StringComparison.Ordinal);

        var bad = await CliRunner.RunAsync("tune", "--target-fpr", "2");
        Assert.Equal(ExitCodes.UsageError, bad.ExitCode);
    }
}
