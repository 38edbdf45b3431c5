namespace AlignLab.Cli.Tests.Commands;

public sealed class RulesCommandTests
{
    [Theory]
    [InlineData("mermaid", "flowchart LR")]
    [InlineData("dot", "digraph rules")]
    [InlineData("html", "<svg")]
    public async Task Graph_is_written_in_each_format(string format, string marker)
    {
        var r = await CliRunner.RunAsync("rules", "graph", "--policy", CliRunner.Example("default_constitution.yaml"), "--format", format);

        Assert.Equal(ExitCodes.Ok, r.ExitCode);
        Assert.Contains(marker, r.Output, StringComparison.Ordinal);
        Assert.Contains("medical_disclaimer", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Graph_can_be_written_to_a_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"graph-{Guid.NewGuid():N}.html");
        var r = await CliRunner.RunAsync("rules", "graph", "--format", "html", "--output", path);
        try
        {
            Assert.Equal(ExitCodes.Ok, r.ExitCode);
            Assert.Contains("<!DOCTYPE html>", await File.ReadAllTextAsync(path), StringComparison.Ordinal);
            Assert.Contains("overlaps", r.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Unknown_format_is_rejected()
    {
        var r = await CliRunner.RunAsync("rules", "graph", "--format", "png");
        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
    }
}
