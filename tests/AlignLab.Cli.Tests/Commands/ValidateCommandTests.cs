using System.Text.Json;

namespace AlignLab.Cli.Tests.Commands;

public sealed class ValidateCommandTests
{
    private const string Planted = """
        constitutional_ai:
          specific_rules:
            - id: no_illegal
              triger: "illegal|crime"
              action: refuse_politely
              message: "No."
            - id: no_weapons
              trigger: "bomb"
              action: refuse_nicely
            - id: bad_regex
              trigger: "hack(ing"
              action: block
            - id: no_illegal
              trigger: "steal"
              action: refuse_politely
          intervention_thresholds: {toxicity: 1.5}
        """;

    [Fact]
    public async Task Reports_every_planted_error_with_line_and_column()
    {
        var path = Path.Combine(Path.GetTempPath(), $"planted-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, Planted);
        try
        {
            var r = await CliRunner.RunAsync("validate", path);

            Assert.Equal(ExitCodes.Failed, r.ExitCode);
            var name = Path.GetFileName(path);
            Assert.Contains($"{name}:4:7: error AL1001: unknown key 'triger' in a rule (did you mean 'trigger'?)", r.Output, StringComparison.Ordinal);
            Assert.Contains($"{name}:9:15: error AL1004: unknown action 'refuse_nicely'", r.Output, StringComparison.Ordinal);
            Assert.Contains($"{name}:11:16: error AL1005:", r.Output, StringComparison.Ordinal);
            Assert.Contains($"{name}:13:11: error AL1008: duplicate rule id 'no_illegal'", r.Output, StringComparison.Ordinal);
            Assert.Contains($"{name}:15:15: error AL1009:", r.Output, StringComparison.Ordinal); // refuse without message
            Assert.Contains($"{name}:3:7: error AL1003: rule 'no_illegal' needs a 'trigger'", r.Output, StringComparison.Ordinal); // the misspelt key
            Assert.Contains($"{name}:16:39: error AL1007:", r.Output, StringComparison.Ordinal);
            Assert.Contains("7 error(s), 0 warning(s)", r.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Valid_examples_pass()
    {
        var r = await CliRunner.RunAsync("validate", CliRunner.Example("alignment_rules.yaml"), CliRunner.Example("default_constitution.yaml"));

        Assert.Equal(ExitCodes.Ok, r.ExitCode);
        Assert.Contains("0 error(s)", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_output_lists_diagnostics()
    {
        var path = Path.Combine(Path.GetTempPath(), $"planted-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, Planted);
        try
        {
            var r = await CliRunner.RunAsync("validate", path, "--json");
            using var doc = JsonDocument.Parse(r.Output);
            Assert.False(doc.RootElement.GetProperty("valid").GetBoolean());
            Assert.Equal(7, doc.RootElement.GetProperty("diagnostics").GetArrayLength());
            Assert.Equal(3, doc.RootElement.GetProperty("diagnostics")[0].GetProperty("line").GetInt32());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Missing_file_is_reported()
    {
        var r = await CliRunner.RunAsync("validate", "/nonexistent/policy.yaml");
        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
        Assert.Contains("error AL1016: file not found", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_keeps_apostrophes_readable_and_the_summary_counts_categories_in_words()
    {
        var path = Path.Combine(Path.GetTempPath(), $"apostrophe-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, "constitutional_ai:\n  specific_rules:\n    - {id: r, trigger: x, action: refuse_nicely, message: \"can't\"}\n  categories:\n    hate: {threshold: 0.5}\n");
        try
        {
            var json = await CliRunner.RunAsync("validate", path, "--json");
            var text = await CliRunner.RunAsync("validate", path);

            Assert.Contains("'refuse_nicely'", json.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("\\u0027", json.Output, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.Failed, text.ExitCode);
        }
        finally
        {
            File.Delete(path);
        }

        var ok = await CliRunner.RunAsync("validate", CliRunner.Example("alignment_rules.yaml"));
        Assert.DoesNotContain("categor(y/ies)", ok.Output, StringComparison.Ordinal);
    }
}
