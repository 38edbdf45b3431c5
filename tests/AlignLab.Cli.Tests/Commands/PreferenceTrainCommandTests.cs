using System.Globalization;
using System.Text.RegularExpressions;
using AlignLab.Testing.Support;

namespace AlignLab.Cli.Tests.Commands;

/// <summary><c>alignlab train reward</c> and <c>alignlab train dpo</c> (issue 18, items 4 and 5) and the CLI chain of its acceptance.</summary>
public sealed partial class PreferenceTrainCommandTests : IDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(300);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    // Acceptance point 1: model init → train sft → train dpo → model export --format gguf → check "…" --model llama:FILE.gguf
    [Fact]
    public async Task The_chain_model_init_train_sft_train_dpo_export_gguf_and_check_through_llama_runs_from_the_cli()
    {
        var model = _dir.File("base");
        Assert.Equal(0, (await CliRunner.RunAsync("model", "init", "--out", model).WaitAsync(Guard)).ExitCode);
        var sftData = _dir.File("sft.jsonl");
        await File.WriteAllLinesAsync(sftData, Enumerable.Range(0, 24)
            .Select(i => $"{{\"messages\": [{{\"role\": \"user\", \"content\": \"q{i}\"}}, {{\"role\": \"assistant\", \"content\": \"a{i}\"}}]}}"));
        var sft = _dir.File("sft");
        var sftRun = await CliRunner.RunAsync("train", "sft", "--base", model, "--data", sftData, "--out", sft, "--max-steps", "3",
            "--batch-size", "4", "--max-length", "64", "--checkpoint-every", "0").WaitAsync(Guard);
        Assert.True(sftRun.ExitCode == 0, sftRun.Error);
        var pairs = await WritePairs();
        var dpo = _dir.File("dpo");

        var dpoRun = await CliRunner.RunAsync("train", "dpo", "--base", sft, "--pairs", pairs, "--beta", "0.1", "--out", dpo, "--max-steps", "3",
            "--batch-size", "4", "--max-length", "48", "--checkpoint-every", "2").WaitAsync(Guard);

        Assert.True(dpoRun.ExitCode == 0, dpoRun.Error);
        Assert.Contains("pairs.jsonl:3: not valid JSON", dpoRun.Error, StringComparison.Ordinal);
        Assert.Contains("pairs.jsonl:5: the rejected answer is empty", dpoRun.Error, StringComparison.Ordinal);
        Assert.Contains("trained all 107,200 values for 3 steps", dpoRun.Output, StringComparison.Ordinal);
        Assert.Contains("KL to the reference", dpoRun.Output, StringComparison.Ordinal);
        var log = await File.ReadAllLinesAsync(Path.Combine(dpo, "train_log.csv"));
        Assert.StartsWith("step,epoch,loss,learning_rate,grad_norm,accuracy,margin,chosen_reward,rejected_reward,kl,eval_preference", log[0],
            StringComparison.Ordinal);
        Assert.Equal(4, log.Length);
        var gguf = _dir.File("dpo.gguf");
        var export = await CliRunner.RunAsync("model", "export", "--from", dpo, "--format", "gguf", "--out", gguf).WaitAsync(Guard);
        Assert.True(export.ExitCode == 0, export.Error);
        var check = await CliRunner.RunAsync("check", "how do I bake bread", "--model", $"llama:{gguf};max_tokens=4;temperature=0")
            .WaitAsync(Guard);
        Assert.True(check.ExitCode is 0 or 1, $"exit {check.ExitCode}: {check.Error}");
    }

    [Fact]
    public async Task Train_reward_with_lora_writes_a_folder_with_its_head_reports_accuracy_and_baselines_and_resumes_only_when_asked()
    {
        var model = _dir.File("base");
        Assert.Equal(0, (await CliRunner.RunAsync("model", "init", "--out", model).WaitAsync(Guard)).ExitCode);
        var pairs = await WritePairs();
        var output = _dir.File("reward");
        string[] Args(int steps, params string[] more) =>
        [
            "train", "reward", "--base", model, "--pairs", pairs, "--lora", "r=4,alpha=8", "--out", output, "--max-steps", $"{steps}",
            "--batch-size", "4", "--max-length", "48", "--checkpoint-every", "2", .. more,
        ];

        var first = await CliRunner.RunAsync(Args(2)).WaitAsync(Guard);

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Contains("pairs.jsonl:3: not valid JSON", first.Error, StringComparison.Ordinal);
        Assert.Matches(@"held-out \d+ pairs: accuracy [\d.]+ % \(before [\d.]+ %\), ECE [\d.]+; length baselines: longer wins", first.Output);
        foreach (var file in (string[])["reward_config.json", "reward_head.safetensors", "config.json", "model.safetensors", "tokenizer.json"])
        {
            Assert.True(File.Exists(Path.Combine(output, file)), file);
        }

        Assert.Equal(2, (await CliRunner.RunAsync(Args(2)).WaitAsync(Guard)).ExitCode);
        var resumed = await CliRunner.RunAsync(Args(4, "--resume")).WaitAsync(Guard);
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Equal(5, (await File.ReadAllLinesAsync(Path.Combine(output, "train_log.csv"))).Length);
    }

    // Acceptance: on hh-rlhf harmless-base (80/20 by a fixed hash of the prompt) the encoder reward model beats the length-only
    // baselines. The full run is in docs/TRAINING.md; this one takes a fixed sample of 600 pairs to stay near a minute.
    [SharedDataFact]
    public async Task The_encoder_reward_model_on_a_fixed_sample_of_hh_rlhf_harmless_base_beats_both_length_baselines()
    {
        var data = Path.Combine(RepoPaths.SharedData, "hh-rlhf", "harmless-base", "test.jsonl.gz");
        var run = await CliRunner.RunAsync("train", "reward", "--base", "encoder", "--pairs", data, "--max-pairs", "600", "--epochs", "3",
            "--lr", "1e-3", "--out", _dir.File("hh"), "--checkpoint-every", "0").WaitAsync(TimeSpan.FromMinutes(10));

        Assert.True(run.ExitCode == 0, run.Error);
        var numbers = Summary().Match(run.Output);
        Assert.True(numbers.Success, run.Output);
        double Share(string name) => double.Parse(numbers.Groups[name].Value, CultureInfo.InvariantCulture);
        Assert.True(Share("model") > Math.Max(Share("longer"), Share("shorter")), run.Output);
    }

    private async Task<string> WritePairs()
    {
        var lines = Enumerable.Range(0, 30).Select(i => $"{{\"prompt\": \"say {i}\", \"chosen\": \"yes {i}\", \"rejected\": \"NO {i}\"}}").ToList();
        lines.Insert(2, "{\"prompt\": ");
        lines.Insert(4, "{\"prompt\": \"x\", \"chosen\": \"fine\", \"rejected\": \"\"}");
        var path = _dir.File("pairs.jsonl");
        await File.WriteAllLinesAsync(path, lines);
        return path;
    }

    [GeneratedRegex(@"accuracy (?<model>[\d.]+) %.*longer wins (?<longer>[\d.]+) %, shorter wins (?<shorter>[\d.]+) %")]
    private static partial Regex Summary();
}
