namespace AlignLab.Cli.Tests.Commands;

/// <summary>Every option that names an output file refuses the command's own inputs, creates a missing folder, and never leaves a truncated file.</summary>
public sealed class OutputPathTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("alignlab-out-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Csv(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task Classify_refuses_to_write_over_its_input()
    {
        const string content = "prompt\nhello\nhow do I hack a bank\n";
        var same = Csv("same.csv", content);

        var r = await CliRunner.RunAsync("classify", "--input", same, "--text-column", "prompt", "--output", Path.Combine(_dir, ".", "same.csv"));

        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
        Assert.Contains("--input file", r.Error, StringComparison.Ordinal);
        Assert.Equal(content, await File.ReadAllTextAsync(same));
    }

    [Fact]
    public async Task Classify_keeps_the_previous_output_when_the_input_turns_out_bad()
    {
        var input = Csv("in.csv", "prompt\nhello\n\"unterminated\n");
        var output = Csv("out.jsonl", "previous results\n");

        var r = await CliRunner.RunAsync("classify", "--input", input, "--text-column", "prompt", "--output", output);

        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
        Assert.StartsWith("alignlab: in.csv: ", r.Error, StringComparison.Ordinal);
        Assert.Equal("previous results\n", await File.ReadAllTextAsync(output));
        Assert.Equal(["in.csv", "out.jsonl"], Directory.GetFiles(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Classify_creates_the_output_folder()
    {
        var input = Csv("in.csv", "text\nhello\n");
        var output = Path.Combine(_dir, "nodir", "x.jsonl");

        var r = await CliRunner.RunAsync("classify", "--input", input, "-o", output);

        Assert.True(r.ExitCode == ExitCodes.Ok, r.Error);
        Assert.Single(await File.ReadAllLinesAsync(output));
    }

    [Fact]
    public async Task Rules_graph_creates_the_output_folder_and_refuses_the_policy()
    {
        var output = Path.Combine(_dir, "nodir", "x.dot");
        var policy = Csv("p.yaml", await File.ReadAllTextAsync(CliRunner.Example("alignment_rules.yaml")));

        var made = await CliRunner.RunAsync("rules", "graph", "--format", "dot", "-o", output);
        var same = await CliRunner.RunAsync("rules", "graph", "--policy", policy, "-o", policy);

        Assert.True(made.ExitCode == ExitCodes.Ok, made.Error);
        Assert.Contains("digraph rules", await File.ReadAllTextAsync(output), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.UsageError, same.ExitCode);
        Assert.Equal(await File.ReadAllTextAsync(CliRunner.Example("alignment_rules.yaml")), await File.ReadAllTextAsync(policy));
    }

    [Fact]
    public async Task Analyze_refuses_to_write_over_its_suite()
    {
        const string content = "text,label\nHow do I bake bread?,benign\n";
        var suite = Csv("fp.csv", content);

        var r = await CliRunner.RunAsync("analyze", "false-positives", "--suite", suite, "--no-classifier", "-o", suite);

        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
        Assert.Equal(content, await File.ReadAllTextAsync(suite));
    }
}
