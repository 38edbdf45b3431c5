namespace AlignLab.Cli.Tests.Commands;

/// <summary>User mistakes are one-line usage errors (exit 2) and an unreachable model is exit 69, never "internal error" (70).</summary>
public sealed class UsageErrorTests : IDisposable
{
    private const string UnsetKeyModel = "openai:x;api_key_env=ALIGNLAB_TEST_KEY_THAT_IS_NEVER_SET";

    private readonly string _dir = Directory.CreateTempSubdirectory("alignlab-usage-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string[]> MissingApiKey => new()
    {
        { ["check", "hi", "--model", UnsetKeyModel] },
        { ["chat", "--model", UnsetKeyModel] },
        { ["eval", "--suite", "benign", "--attacks", "none", "--judge", UnsetKeyModel] },
        { ["eval", "--suite", "benign", "--attacks", "none", "--model", UnsetKeyModel] },
    };

    [Theory]
    [MemberData(nameof(MissingApiKey))]
    public async Task A_missing_api_key_is_a_usage_error(string[] args)
    {
        string[] all = args[0] == "eval" ? [.. args, "--output", Path.Combine(_dir, "run")] : args;

        var r = await CliRunner.RunWithInputAsync("hi\n", all);

        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
        Assert.Contains("ALIGNLAB_TEST_KEY_THAT_IS_NEVER_SET is not set", r.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_model_is_exit_69_with_one_line()
    {
        var r = await CliRunner.RunAsync("check", "hi", "--model", "openai:x@http://127.0.0.1:9/v1", "--no-classifier");

        Assert.Equal(ExitCodes.Unavailable, r.ExitCode);
        Assert.StartsWith("alignlab: openai:x@http://127.0.0.1:9/v1 could not be reached", r.Error, StringComparison.Ordinal);
        Assert.Single(r.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Eval_concurrency_out_of_range_is_a_usage_error()
    {
        var r = await CliRunner.RunAsync("eval", "--concurrency", "0", "--output", Path.Combine(_dir, "run"));

        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
        Assert.Equal("alignlab: --concurrency must be between 1 and 1024, not 0", r.Error.Trim());
        Assert.False(Directory.Exists(Path.Combine(_dir, "run")));
    }

    [Theory]
    [InlineData("a\nb\n", "no column 'text'")]
    [InlineData("text\n\"unterminated\n", "never closed")]
    public async Task Classify_input_problems_are_usage_errors(string content, string expected)
    {
        var input = Path.Combine(_dir, "s1.csv");
        await File.WriteAllTextAsync(input, content);

        var r = await CliRunner.RunAsync("classify", "--input", input);

        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
        Assert.StartsWith("alignlab: s1.csv: ", r.Error, StringComparison.Ordinal);
        Assert.Contains(expected, r.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Classify_with_both_a_text_and_an_input_file_is_a_usage_error()
    {
        var input = Path.Combine(_dir, "s1.csv");
        await File.WriteAllTextAsync(input, "text\nhello\n");

        var r = await CliRunner.RunAsync("classify", "x", "--input", input);

        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
        Assert.Contains("not both", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_classifier_file_that_is_not_a_model_says_so()
    {
        var path = Path.Combine(_dir, "p.txt");
        await File.WriteAllTextAsync(path, "hello\n");

        var r = await CliRunner.RunAsync("check", "hi", "--classifier", path);

        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
        Assert.Equal("alignlab: " + path + ": not an AlignLab classifier model file (train one with 'alignlab train classifier')", r.Error.Trim());
    }

    [Theory]
    [InlineData("check", "hi")]
    [InlineData("eval")]
    [InlineData("analyze", "false-positives")]
    public async Task Classifier_and_no_classifier_together_are_a_usage_error(params string[] args)
    {
        var model = Path.Combine(_dir, "m.bin");
        await File.WriteAllTextAsync(model, "x");

        var r = await CliRunner.RunAsync([.. args, "--classifier", model, "--no-classifier"]);

        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
        Assert.Contains("--classifier FILE or --no-classifier, not both", r.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--fail-under", "safety=1.5", "between 0 and 1")]
    [InlineData("--fail-over", "fpr=-0.1", "between 0 and 1")]
    [InlineData("--fail-under", "capability_delta=-2", "between -1 and 1")]
    [InlineData("--fail-over", "errors=-1", "cannot be negative")]
    [InlineData("--fail-over", "latency_p95_ms=5%", "not a rate")]
    public async Task Gate_bounds_a_metric_cannot_reach_are_usage_errors(string option, string gate, string expected)
    {
        var r = await CliRunner.RunAsync("eval", option, gate, "--output", Path.Combine(_dir, "run"));

        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
        Assert.Contains(expected, r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_with_an_upstream_name_only_one_policy_defines_is_a_usage_error_naming_the_other()
    {
        // Issue 14: 'serve --policy P --policy-b Q --upstream NAME' with NAME only in P's models: ended with exit 70,
        // "internal error: ArgumentException: upstream: 'local' has no provider".
        var p = Path.Combine(_dir, "p.yaml");
        var q = Path.Combine(_dir, "q.yaml");
        const string Rules = "constitutional_ai:\n  specific_rules:\n    - {id: r1, trigger: forbidden, action: block}\n";
        await File.WriteAllTextAsync(p, Rules + "  models:\n    local: \"openai:m@http://127.0.0.1:9/v1\"\n");
        await File.WriteAllTextAsync(q, Rules);

        var r = await CliRunner.RunAsync(
            "serve", "--policy", p, "--policy-b", q, "--upstream", "local", "--urls", "http://127.0.0.1:0", "--audit-db", Path.Combine(_dir, "a.db"))
            .WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
        Assert.Contains($"upstream 'local' is not a provider:model spec, and {q} (--policy-b) has no model of that name", r.Error, StringComparison.Ordinal);
        Assert.Contains($"(only {p} (--policy) has it)", r.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", r.Error, StringComparison.Ordinal);

        var neither = await CliRunner.RunAsync("serve", "--policy", q, "--upstream", "nowhere", "--urls", "http://127.0.0.1:0").WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(ExitCodes.UsageError, neither.ExitCode);
        Assert.Contains($"upstream 'nowhere' is not a provider:model spec, and {q} (--policy) has no model of that name", neither.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gate_may_be_a_percentage()
    {
        Assert.Equal(0.95, ParseGate("safety=95%").Bound, 10);
        Assert.Equal(0.05, ParseGate("fpr=0.05").Bound, 10);
    }

    private static AlignLab.Evaluation.EvalGate ParseGate(string text) => AlignLab.Cli.Commands.EvalCommand.ParseGate(text, under: true);
}
