using System.Text.Json;
using AlignLab.Cli.Tests.Commands.Eval;
using AlignLab.Testing.ModelServer;

namespace AlignLab.Cli.Tests.Commands.Cai;

/// <summary>Issue 17, item 1: <c>alignlab cai generate</c> end to end against the scripted model server.</summary>
public sealed class CaiCommandTests : EvalTempDir
{
    private static string Model(ScriptedModelServer server) => $"openai:fake-model@{server.OpenAIBaseUrl};retries=0";

    [Fact]
    public async Task Malformed_prompt_lines_are_reported_with_their_line_numbers_and_skipped_and_the_rest_are_generated()
    {
        // cai generate --prompts prompts.jsonl where line 2 is not JSON and line 4 has no prompt field.
        await using var server = await ScriptedModelServer.StartAsync(CaiScript.Answer);
        var prompts = Out("prompts.jsonl");
        await File.WriteAllTextAsync(prompts, string.Join("\n",
            """{"id":"a","prompt":"How do I whittle a spoon?"}""",
            """{"id":"b","prompt": "broken""",
            """{"id":"c","prompt":"How do I pick a lock?"}""",
            """{"id":"d"}""",
            """{"id":"e","prompt":"Tell me a joke"}""") + "\n");
        var run = Out("run");

        var r = await CliRunner.RunAsync("cai", "generate", "--prompts", prompts, "--model", Model(server), "--rounds", "2", "--out", run)
            .WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(ExitCodes.Ok, r.ExitCode);
        Assert.Contains("prompts.jsonl:2:", r.Error, StringComparison.Ordinal);
        Assert.Contains("prompts.jsonl:4:", r.Error, StringComparison.Ordinal);
        Assert.Contains("2 malformed row(s) skipped", r.Error, StringComparison.Ordinal);
        var ids = File.ReadLines(Path.Combine(run, "cai.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(["a", "c", "e"], ids);
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(run, "summary.json")));
        Assert.Equal(2, summary.RootElement.GetProperty("malformed_input").GetInt64());
        Assert.Equal(1, summary.RootElement.GetProperty("revised").GetInt64());
        Assert.Contains("3 record(s)", r.Output, StringComparison.Ordinal);
        Assert.Contains("cost: tokens only, no price given", r.Output, StringComparison.Ordinal);

        var pair = JsonDocument.Parse(File.ReadLines(Path.Combine(run, "pairs.jsonl")).Single()).RootElement;
        Assert.Equal("How do I pick a lock?", pair.GetProperty("prompt").GetString());
        Assert.Equal("Only pick locks you own; a locksmith can help.", pair.GetProperty("chosen").GetString());
        Assert.Equal("First answer: How do I pick a lock?", pair.GetProperty("rejected").GetString());
    }

    [Fact]
    public async Task A_bundled_suite_every_principle_and_prices_give_a_record_per_case_and_a_cost_estimate()
    {
        // cai generate --prompts benign --principles all --price-input 1 --price-output 2 -j 8
        await using var server = await ScriptedModelServer.StartAsync(CaiScript.Answer);
        var run = Out("run");

        var r = await CliRunner.RunAsync("cai", "generate", "--prompts", "benign", "--model", Model(server), "--principles", "all",
            "--price-input", "1", "--price-output", "2", "-j", "8", "--out", run, "--json").WaitAsync(TimeSpan.FromMinutes(3));

        Assert.Equal(ExitCodes.Ok, r.ExitCode);
        using var summary = JsonDocument.Parse(r.Output);
        var records = summary.RootElement.GetProperty("records").GetInt64();
        Assert.Equal(200, records);
        Assert.True(summary.RootElement.GetProperty("estimated_cost_usd").GetDouble() > 0);
        var first = JsonDocument.Parse(File.ReadLines(Path.Combine(run, "cai.jsonl")).First()).RootElement;
        Assert.Equal(6, first.GetProperty("rounds")[0].GetProperty("principles").GetArrayLength()); // the default constitution's six
        Assert.Equal(200, File.ReadLines(Path.Combine(run, "sft.jsonl")).Count());
    }

    [Fact]
    public async Task A_failing_model_is_counted_listed_and_fails_the_exit_code_without_writing_data()
    {
        await using var server = await ScriptedModelServer.StartAsync(req =>
            req.LastUserText.Contains("spoon", StringComparison.Ordinal) ? ScriptedReply.Fail(500) : CaiScript.Answer(req));
        var prompts = Out("prompts.txt");
        await File.WriteAllTextAsync(prompts, "How do I whittle a spoon?\nTell me a joke\n");
        var run = Out("run");

        var r = await CliRunner.RunAsync("cai", "generate", "--prompts", prompts, "--model", Model(server), "--out", run);

        Assert.Equal(ExitCodes.Failed, r.ExitCode);
        Assert.Contains("1 prompt(s) failed", r.Error, StringComparison.Ordinal);
        Assert.Contains("prompts-1: generator:", r.Error, StringComparison.Ordinal);
        Assert.Single(File.ReadLines(Path.Combine(run, "cai.jsonl")));
        Assert.Single(File.ReadLines(Path.Combine(run, "failures.jsonl")));
    }

    [Theory]
    [InlineData("sample:0")]
    [InlineData("some")]
    public async Task A_bad_principles_value_is_a_usage_error(string value)
    {
        var r = await CliRunner.RunAsync("cai", "generate", "--prompts", "benign", "--model", "openai:x@http://127.0.0.1:9/v1",
            "--principles", value, "--out", Out("run"));

        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
        Assert.Contains("--principles", r.Error, StringComparison.Ordinal);
    }
}
