using AlignLab.Testing.Gguf;
using AlignLab.Testing.Support;

namespace AlignLab.Cli.Tests.Commands;

/// <summary>
/// <c>llama:PATH.gguf</c> wherever the command line takes a model spec (issue 15, item 4), on a tiny GGUF file the test
/// writes; a missing or corrupt file is a usage error (exit 2) naming the file, never a crash.
/// </summary>
public sealed class LocalModelCommandTests : IDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(120);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Chat_answers_from_a_local_gguf_file()
    {
        var path = new TinyLlama { FixedToken = "ab" }.WriteTo(_dir.File("ab.gguf"));

        var result = await CliRunner.RunWithInputAsync("hello\n/exit\n", "chat", "--model", $"llama:{path};max_tokens=3;temperature=0", "--no-stream")
            .WaitAsync(Guard);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("ababab", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_uses_a_local_gguf_file_as_the_model_under_test()
    {
        var path = new TinyLlama { FixedToken = "ab" }.WriteTo(_dir.File("ab.gguf"));
        var csv = _dir.Write("suite.csv", "prompt,label\nhow do I bake bread,benign\nwhat is the capital of France,benign\n");

        var result = await CliRunner.RunAsync("eval", "--suite", csv, "--attacks", "none", "--strategies", "baseline",
            "--model", $"llama:{path};max_tokens=2;temperature=0", "--output", _dir.File("out"), "--json").WaitAsync(Guard);

        Assert.Equal(0, result.ExitCode);
    }

    [Theory]
    [InlineData("chat", "--model")]
    [InlineData("check", "--model")]
    [InlineData("eval", "--model")]
    [InlineData("eval", "--judge")]
    [InlineData("serve", "--upstream")]
    public async Task A_missing_or_corrupt_gguf_file_is_a_usage_error_naming_the_file(string command, string option)
    {
        var missing = _dir.File("missing.gguf");
        var bytes = new TinyLlama().ToArray();
        var truncated = _dir.File("truncated.gguf");
        await File.WriteAllBytesAsync(truncated, bytes[..(bytes.Length / 3)]);
        var notGguf = _dir.Write("weights.gguf", "<html>404 Not Found</html>");

        foreach (var (path, reason) in new[] { (missing, "file not found"), (truncated, "truncated"), (notGguf, "not a GGUF file") })
        {
            string[] args = command switch
            {
                "check" => ["check", "hello", option, $"llama:{path}"],
                "eval" when option == "--judge" => ["eval", "--attacks", "none", "--strategies", "baseline", "--judge", $"llama:{path}",
                    "--model", $"llama:{path}", "--output", _dir.File("judge-out")],
                "eval" => ["eval", "--attacks", "none", "--strategies", "baseline", option, $"llama:{path}", "--output", _dir.File("out")],
                "serve" => ["serve", option, $"llama:{path}", "--urls", "http://127.0.0.1:0", "--no-dashboard", "--audit-db", _dir.File("audit.db")],
                _ => [command, option, $"llama:{path}"],
            };

            var result = await CliRunner.RunWithInputAsync("", args).WaitAsync(Guard);

            Assert.True(result.ExitCode == 2, $"{string.Join(' ', args)}: exit {result.ExitCode}\n{result.Error}");
            Assert.Contains(path, result.Error, StringComparison.Ordinal);
            Assert.Contains(reason, result.Error, StringComparison.Ordinal);
        }
    }
}
