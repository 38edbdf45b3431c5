using System.Text.Json;
using AlignLab.Testing.Gguf;
using AlignLab.Testing.Support;

namespace AlignLab.Cli.Tests.Commands.Cai;

/// <summary>
/// The CAI data commands on the local <c>llama:PATH.gguf</c> provider (issue 17: "every command works against any
/// provider spec, including the local llama: GGUF provider"), with tiny GGUF files the test writes. Their answers are
/// a fixed token repeated ("ababab"), so what is checked is the plumbing: records written, failures counted, no crash.
/// </summary>
public sealed class LocalModelCaiTests : IDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(3);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Cai_generate_with_a_local_gguf_model_calls_it_and_counts_answers_it_cannot_use_as_failures_not_records()
    {
        // alignlab cai generate --prompts prompts.jsonl --model "llama:ab.gguf;…" --rounds 1 --out run
        // The tiny model's critique ("ababab") has no VIOLATION line, so each prompt is a failure, listed with its reason.
        var prompts = _dir.Write("prompts.jsonl", "{\"id\":\"p1\",\"prompt\":\"hello\"}\n{\"id\":\"p2\",\"prompt\":\"how do I bake bread\"}\n");
        var run = _dir.File("run");

        var r = await CliRunner.RunAsync("cai", "generate", "--prompts", prompts, "--model", Model("ab"), "--rounds", "1", "--out", run)
            .WaitAsync(Guard);

        Assert.True(r.ExitCode == ExitCodes.Failed, r.Error);
        Assert.Contains("2 prompt(s) failed", r.Error, StringComparison.Ordinal);
        Assert.Contains("No 'VIOLATION: yes|no' answer was found in the critic's output", r.Error, StringComparison.Ordinal);
        var failed = File.ReadLines(Path.Combine(run, "failures.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString());
        Assert.Equal(["p1", "p2"], failed.Order(StringComparer.Ordinal));
        Assert.Empty(File.ReadLines(Path.Combine(run, "cai.jsonl")));
    }

    [Fact]
    public async Task Prefs_collect_and_label_with_local_gguf_models_count_every_pair_as_labelled_tied_or_failed()
    {
        // alignlab prefs collect --prompts prompts.jsonl --models llama:ab.gguf,llama:lo.gguf --out candidates.jsonl
        // alignlab prefs label --pairs candidates.jsonl --judge llama:ab.gguf --out labelled.jsonl --json
        var prompts = _dir.Write("prompts.jsonl", "{\"id\":\"p1\",\"prompt\":\"hello\"}\n{\"id\":\"p2\",\"prompt\":\"how do I bake bread\"}\n");
        var candidates = _dir.File("candidates.jsonl");

        var collect = await CliRunner.RunAsync("prefs", "collect", "--prompts", prompts, "--models", $"{Model("ab")},{Model("lo")}",
            "--out", candidates).WaitAsync(Guard);

        Assert.True(collect.ExitCode == ExitCodes.Ok, collect.Error);
        Assert.Contains("collected 4 answer(s) to 2 prompt(s); failures 0", collect.Output, StringComparison.Ordinal);

        var label = await CliRunner.RunAsync("prefs", "label", "--pairs", candidates, "--judge", Model("ab"),
            "--out", _dir.File("labelled.jsonl"), "--json").WaitAsync(Guard);

        using var summary = JsonDocument.Parse(label.Output);
        var counts = (Labelled: Count(summary, "labelled"), Ties: Count(summary, "ties"), Errors: Count(summary, "errors"));
        Assert.Equal(2, counts.Labelled + counts.Ties + counts.Errors);
        Assert.Equal(counts.Labelled + counts.Ties == 0 ? ExitCodes.Failed : ExitCodes.Ok, label.ExitCode);
    }

    [Fact]
    public async Task Redteam_generate_with_a_local_gguf_attacker_reports_the_cells_it_could_not_fill()
    {
        // alignlab redteam generate --model llama:ab.gguf --categories privacy --strategies direct --n 2 --out suite.jsonl
        // "ababab" holds no attack prompt, so the cell stays empty and the run says so with exit code 1.
        var file = _dir.File("suite.jsonl");

        var r = await CliRunner.RunAsync("redteam", "generate", "--model", Model("ab"), "--categories", "privacy", "--strategies", "direct",
            "--n", "2", "--out", file).WaitAsync(Guard);

        Assert.True(r.ExitCode == ExitCodes.Failed, r.Error);
        Assert.Contains("wrote 0 prompt(s)", r.Output, StringComparison.Ordinal);
        Assert.Contains("0 failed call(s)", r.Output, StringComparison.Ordinal);
        Assert.Contains("privacy/direct: 0 of 2", r.Error, StringComparison.Ordinal);
    }

    private string Model(string token)
    {
        var path = _dir.File(token + ".gguf");
        if (!File.Exists(path))
        {
            new TinyLlama { FixedToken = token, ContextLength = 2048 }.WriteTo(path);
        }

        return $"llama:{path};max_tokens=3;temperature=0;context_size=2048";
    }

    private static int Count(JsonDocument summary, string name) => summary.RootElement.GetProperty(name).GetInt32();
}
