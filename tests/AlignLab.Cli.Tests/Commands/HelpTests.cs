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
    }

    [Fact]
    public async Task Unknown_option_is_a_usage_error()
    {
        var r = await CliRunner.RunAsync("check", "x", "--frobnicate");
        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
    }
}
