namespace AlignLab.Cli.Tests.Commands;

public sealed class TestRuleCommandTests
{
    [Fact]
    public async Task Passing_cases_exit_zero()
    {
        var cases = await WriteAsync("""
            [
              {"text": "How do I hack into a computer?", "expect": "fire", "action": "refuse_politely"},
              {"text": "What a lovely day", "expect": "no_fire"},
              {"text": "explain the crime novel plot", "expect": "fire", "decision": "refuse_politely"}
            ]
            """);
        var r = await CliRunner.RunAsync("test-rule", "--policy", CliRunner.Example("alignment_rules.yaml"), "--rule-id", "no_illegal", "--cases", cases);

        Assert.Equal(ExitCodes.Ok, r.ExitCode);
        Assert.Contains("3 passed, 0 failed", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mismatches_exit_one_with_a_diff()
    {
        var cases = await WriteAsync("""
            {"cases": [
              {"name": "life hack", "text": "a life hack for cables", "expect": "no_fire"},
              {"name": "should fire", "text": "the weather is nice", "expect": "fire"},
              {"name": "wrong action", "text": "hack the bank", "expect": "fire", "action": "block"}
            ]}
            """);
        var r = await CliRunner.RunAsync("test-rule", "--policy", CliRunner.Example("alignment_rules.yaml"), "--rule-id", "no_illegal", "--cases", cases);

        Assert.Equal(ExitCodes.Failed, r.ExitCode);
        Assert.Contains("FAIL  case 1: life hack", r.Output, StringComparison.Ordinal);
        Assert.Contains("- expected: no_fire", r.Output, StringComparison.Ordinal);
        Assert.Contains("+ actual:   fire (refuse_politely) on \"hack\" at 7..11", r.Output, StringComparison.Ordinal);
        Assert.Contains("+ actual:   no_fire (no rule fired)", r.Output, StringComparison.Ordinal);
        Assert.Contains("- expected: action block", r.Output, StringComparison.Ordinal);
        Assert.Contains("0 passed, 3 failed", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_rule_id_is_a_usage_error_with_suggestion()
    {
        var cases = await WriteAsync("[]");
        var r = await CliRunner.RunAsync("test-rule", "--policy", CliRunner.Example("alignment_rules.yaml"), "--rule-id", "no_ilegal", "--cases", cases);

        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
        Assert.Contains("did you mean 'no_illegal'?", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_cases_file_names_the_position()
    {
        var cases = await WriteAsync("[\n  {\"text\": \"x\", \"expect\": \"fire\"\n");
        var r = await CliRunner.RunAsync("test-rule", "--policy", CliRunner.Example("alignment_rules.yaml"), "--rule-id", "no_illegal", "--cases", cases);

        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
        Assert.Contains("invalid JSON", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_readme_test_rule_command_runs_on_the_example_cases_that_the_format_reference_shows()
    {
        // Issue 14: the README's command named a cases.json that was not in the repository, and the format was only
        // described in a source comment. The command line is taken from the README as written.
        var readme = await File.ReadAllTextAsync(Path.Combine(CliRunner.Root, "README.md"));
        var line = readme.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("alignlab test-rule ", StringComparison.Ordinal));
        var reference = await File.ReadAllTextAsync(Path.Combine(CliRunner.Root, "docs", "CONSTITUTION.md"));
        Assert.Contains(line, reference, StringComparison.Ordinal);
        var args = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(a => a.StartsWith("examples/", StringComparison.Ordinal) ? Path.Combine(CliRunner.Root, a) : a).ToArray();
        Assert.Contains(Path.Combine(CliRunner.Root, "examples/test_rule_cases.json"), args);

        var r = await CliRunner.RunAsync(args);

        Assert.True(r.ExitCode == ExitCodes.Ok, r.Output + r.Error);
        Assert.Contains("6 passed, 0 failed (rule 'no_illegal', 6 case(s))", r.Output, StringComparison.Ordinal);
    }

    private static async Task<string> WriteAsync(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), $"cases-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, json);
        return path;
    }
}
