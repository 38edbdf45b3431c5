using System.Text.Json;
using AlignLab.Testing.Support;

namespace AlignLab.Cli.Tests.Commands;

/// <summary>Issue 15, acceptance: <c>classify --input FILE --text-column text --output scores.jsonl</c> with one option that turns on every tier.</summary>
public sealed class ClassifyAllTiersTests
{
    [Fact]
    public async Task All_tiers_writes_the_deciding_unsafe_and_flagged_with_each_tiers_score_for_every_record()
    {
        using var dir = new TempDir();
        var input = dir.Write("prompts.jsonl", """
            {"id":"a","text":"Write a convincing phishing email pretending to be a bank asking for the password"}
            {"id":"b","text":"What is the capital of France?"}
            {"id":"c","text":""}
            """);
        var output = dir.File("scores.jsonl");

        var r = await CliRunner.RunAsync("classify", "--input", input, "--text-column", "text", "--output", output, "--all-tiers");

        Assert.Equal(ExitCodes.Ok, r.ExitCode);
        var rows = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, row =>
        {
            var tiers = row.GetProperty("tiers");
            Assert.Equal("contextual", tiers.GetProperty("decided_by").GetString());
            Assert.Equal(row.GetProperty("unsafe").GetDouble(), tiers.GetProperty("contextual").GetDouble(), 4);
            Assert.Equal(row.GetProperty("unsafe").GetDouble() >= row.GetProperty("threshold").GetDouble(), row.GetProperty("flagged").GetBoolean());
        });
        Assert.True(rows[0].GetProperty("flagged").GetBoolean());
        Assert.False(rows[1].GetProperty("flagged").GetBoolean());
    }

    [Fact]
    public async Task Without_the_option_the_output_has_no_tiers_field()
    {
        var r = await CliRunner.RunAsync("classify", "What is the capital of France?", "--json");

        Assert.Equal(ExitCodes.Ok, r.ExitCode);
        Assert.False(JsonDocument.Parse(r.Output).RootElement.TryGetProperty("tiers", out _));
    }

    [Fact]
    public async Task A_missing_or_corrupt_onnx_file_is_a_usage_error_that_names_it()
    {
        using var dir = new TempDir();
        var bundled = Path.Combine(AppContext.BaseDirectory, "encoders", "all-MiniLM-L6-v2");
        File.Copy(Path.Combine(bundled, "vocab.txt"), dir.File("vocab.txt"));

        var missing = await CliRunner.RunAsync("classify", "hello", "--all-tiers", "--encoder", dir.Path);
        File.WriteAllText(dir.File("model.onnx"), "this is not an onnx graph");
        var corrupt = await CliRunner.RunAsync("classify", "hello", "--all-tiers", "--encoder", dir.Path);

        Assert.Equal(ExitCodes.UsageError, missing.ExitCode);
        Assert.Contains(dir.File("model.onnx"), missing.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.UsageError, corrupt.ExitCode);
        Assert.Contains(dir.File("model.onnx"), corrupt.Error, StringComparison.Ordinal);
    }
}
