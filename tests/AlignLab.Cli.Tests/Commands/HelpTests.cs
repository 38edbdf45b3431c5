namespace AlignLab.Cli.Tests.Commands;

public sealed class HelpTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("check", "--help")]
    [InlineData("validate", "--help")]
    [InlineData("test-rule", "--help")]
    [InlineData("rules", "graph", "--help")]
    [InlineData("eval", "--help")]
    public async Task Every_command_has_help(params string[] args)
    {
        var r = await CliRunner.RunAsync(args);
        Assert.Equal(ExitCodes.Ok, r.ExitCode);
        Assert.Contains("Usage:", r.Output, StringComparison.Ordinal);
        Assert.Contains("  alignlab", r.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("AlignLab.Cli", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_command_prints_the_help_listing_the_commands_as_a_usage_error()
    {
        var r = await CliRunner.RunAsync();

        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
        Assert.Contains("Usage:", r.Output, StringComparison.Ordinal);
        Assert.Contains("eval", r.Output, StringComparison.Ordinal);
        Assert.Contains("serve", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_option_is_a_usage_error()
    {
        var r = await CliRunner.RunAsync("check", "x", "--frobnicate");
        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
    }

    [Theory]
    [InlineData("alignlab: Unrecognized command or argument '--bogus'.", "check", "x", "--bogus")]
    [InlineData("alignlab: Argument 'foo' not recognized. Must be one of: 'input', 'streaming', 'output'", "check", "x", "--stage", "foo")]
    public async Task A_parse_error_is_one_line_and_a_pointer_to_the_help(string expected, params string[] args)
    {
        var r = await CliRunner.RunAsync(args);

        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
        Assert.Equal([expected, "see 'alignlab check --help'"], r.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Empty(r.Output);
    }

    [Theory]
    // Issue 14: 'alignlab chekc' said "Required command was not provided" and nothing else of use.
    [InlineData("alignlab: unknown command 'alignlab chekc'; did you mean 'check'?", "see 'alignlab --help'", "chekc")]
    [InlineData("alignlab: unknown command 'alignlab chekc'; did you mean 'check'?", "see 'alignlab --help'", "chekc", "hello")]
    [InlineData("alignlab: unknown command 'alignlab rules grpah'; did you mean 'graph'?", "see 'alignlab rules --help'", "rules", "grpah")]
    [InlineData("alignlab: unknown command 'alignlab serve new-kye'; did you mean 'new-key'?", "see 'alignlab serve --help'", "serve", "new-kye")]
    public async Task A_mistyped_command_names_the_closest_one(string expected, string pointer, params string[] args)
    {
        var r = await CliRunner.RunAsync(args);

        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
        Assert.Equal([expected, pointer], r.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public async Task A_command_like_no_other_lists_the_commands()
    {
        var r = await CliRunner.RunAsync("frobnicate");

        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
        Assert.StartsWith("alignlab: unknown command 'alignlab frobnicate'; expected one of: eval, check, validate, test-rule,", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_help_says_the_queue_file_is_given_with_db()
    {
        var r = await CliRunner.RunAsync("review", "--help");

        Assert.Contains("give its SQLite file with --db", r.Output, StringComparison.Ordinal);
    }
}
