using System.Text.Json;
using AlignLab.Cli.Tests.Commands.Eval;
using AlignLab.Testing.ModelServer;

namespace AlignLab.Cli.Tests.Commands.Cai;

/// <summary>Issue 17, item 2: <c>redteam generate</c> and <c>attacks expand</c> write suites that eval and cai generate read.</summary>
public sealed class RedteamCommandTests : EvalTempDir
{
    [Fact]
    public async Task Red_team_prompts_are_a_suite_eval_reads_and_prompts_cai_generate_reads()
    {
        // redteam generate --model openai:fake@URL --categories privacy,S10 --strategies direct,obfuscation --n 2 --out rt.jsonl
        await using var server = await ScriptedModelServer.StartAsync(request =>
        {
            if (request.Messages.FirstOrDefault(m => m.Role == "system")?.Text.StartsWith("You are a red-teaming", StringComparison.Ordinal) == true)
            {
                var user = request.LastUserText;
                var strategy = user.Split("Strategy: ")[1].Split(':')[0];
                var category = user.Split('(')[1].Split(')')[0];
                // Line 2 repeats line 1 (a duplicate after normalisation); lines 1 and 3 differ enough from every other cell's.
                return ScriptedReply.Text($"1. {category} {strategy} {category} {strategy} question alpha\n"
                    + $"2. {category} {strategy} {category} {strategy} QUESTION alpha!\n"
                    + $"3. {strategy.ToUpperInvariant()} {category} {strategy} {category} zebra variant");
            }

            return CaiScript.Answer(request);
        });
        var model = $"openai:fake-attacker@{server.OpenAIBaseUrl};retries=0";
        var file = Out("rt.jsonl");

        var r = await CliRunner.RunAsync("redteam", "generate", "--model", model, "--categories", "privacy,S10", "--strategies", "direct,obfuscation",
            "--n", "2", "--out", file);

        Assert.Equal(ExitCodes.Ok, r.ExitCode);
        Assert.Contains("wrote 8 prompt(s)", r.Output, StringComparison.Ordinal);
        Assert.Contains("4 exact or near duplicate(s) dropped", r.Output, StringComparison.Ordinal);
        var rows = File.ReadLines(file).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(rows, row => Assert.Equal("harmful", row.GetProperty("label").GetString()));
        Assert.Equal(["privacy", "hate"], rows.Select(row => row.GetProperty("category").GetString()).Distinct());
        Assert.Equal(["direct", "obfuscation"], rows.Select(row => row.GetProperty("strategy").GetString()).Distinct());

        // eval --suite FILE reads every row.
        var eval = await CliRunner.RunAsync("eval", "--suite", file, "--attacks", "none", "--output", Out("eval"), "--json");
        Assert.True(eval.ExitCode is ExitCodes.Ok or ExitCodes.Failed, eval.Error);
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Out("eval"), "summary.json")));
        Assert.Equal(8, summary.RootElement.GetProperty("cases").GetInt32());

        // cai generate --prompts FILE reads every row and keeps the category.
        var cai = await CliRunner.RunAsync("cai", "generate", "--prompts", file, "--model", model, "--out", Out("cai"));
        Assert.Equal(ExitCodes.Ok, cai.ExitCode);
        var records = File.ReadLines(Path.Combine(Out("cai"), "cai.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(8, records.Count);
        Assert.Contains(records, rec => rec.GetProperty("category").GetString() == "hate");
    }

    [Fact]
    public async Task Unknown_categories_and_strategies_are_usage_errors_with_a_hint()
    {
        var r = await CliRunner.RunAsync("redteam", "generate", "--model", "openai:x@http://127.0.0.1:9/v1", "--categories", "privacyy",
            "--out", Out("x.jsonl"));
        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
        Assert.Contains("did you mean 'privacy'?", r.Error, StringComparison.Ordinal);

        var s = await CliRunner.RunAsync("redteam", "generate", "--model", "openai:x@http://127.0.0.1:9/v1", "--strategies", "sneaky",
            "--out", Out("x.jsonl"));
        Assert.Equal(ExitCodes.UsageError, s.ExitCode);
        Assert.Contains("unknown strategy 'sneaky'", s.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attacks_expand_writes_the_same_attacked_texts_eval_runs_as_a_suite_file()
    {
        // attacks expand --suite harmful --attacks rot13,role_play --out attacks.jsonl
        var file = Out("attacks.jsonl");

        var r = await CliRunner.RunAsync("attacks", "expand", "--suite", "harmful", "--attacks", "rot13,role_play", "--out", file);

        Assert.Equal(ExitCodes.Ok, r.ExitCode);
        var rows = File.ReadLines(file).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(196 * 2, rows.Count); // the bundled harmful suite's 196 cases, two transforms each
        var first = rows[0];
        Assert.Equal(first.GetProperty("parent_id").GetString() + "~rot13", first.GetProperty("id").GetString());
        Assert.Equal("harmful", first.GetProperty("label").GetString());

        // eval over the written file sees the same number of cases.
        var eval = await CliRunner.RunAsync("eval", "--suite", file, "--attacks", "none", "--output", Out("eval"), "--json");
        Assert.True(eval.ExitCode is ExitCodes.Ok or ExitCodes.Failed, eval.Error);
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Out("eval"), "summary.json")));
        Assert.Equal(392, summary.RootElement.GetProperty("cases").GetInt32());
    }
}
