using AlignLab.Testing.Support;

namespace AlignLab.Cli.Tests.Commands;

/// <summary><c>alignlab train sft</c> (issue 18, item 3), on a model folder written by <c>model init</c>.</summary>
public sealed class SftTrainCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Train_sft_with_lora_skips_malformed_lines_by_number_writes_a_PEFT_adapter_and_a_csv_log_and_resumes_only_when_asked()
    {
        var model = _dir.File("base");
        Assert.Equal(0, (await CliRunner.RunAsync("model", "init", "--out", model)).ExitCode);
        var lines = Enumerable.Range(0, 40)
            .Select(i => $"{{\"messages\": [{{\"role\": \"user\", \"content\": \"q{i}\"}}, {{\"role\": \"assistant\", \"content\": \"a{i}\"}}]}}")
            .ToList();
        lines.Insert(3, "{\"messages\": [");
        lines.Insert(7, "{\"prompt\": \"no completion\"}");
        var data = _dir.File("sft.jsonl");
        await File.WriteAllLinesAsync(data, lines);
        var output = _dir.File("out");
        string[] Args(int steps, params string[] more) =>
        [
            "train", "sft", "--base", model, "--data", data, "--lora", "r=4,alpha=8", "--out", output, "--max-steps", $"{steps}", "--batch-size", "4",
            "--lr", "1e-3", "--checkpoint-every", "2", "--max-length", "64", .. more,
        ];

        var first = await CliRunner.RunAsync(Args(4));

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("sft.jsonl:4: not valid JSON", first.Error, StringComparison.Ordinal);
        Assert.Contains("sft.jsonl:8: no \"messages\" list and no \"prompt\"/\"completion\" pair", first.Error, StringComparison.Ordinal);
        Assert.Contains("trained LoRA 1,792 of 107,200 parameters for 4 steps", first.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "adapter_config.json")));
        Assert.True(File.Exists(Path.Combine(output, "adapter_model.safetensors")));
        var log = await File.ReadAllLinesAsync(Path.Combine(output, "train_log.csv"));
        Assert.Equal("step,epoch,loss,learning_rate,grad_norm,tokens,tokens_per_second,eval_loss", log[0]);
        Assert.Equal(5, log.Length);

        var again = await CliRunner.RunAsync(Args(4));
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("pass --resume to continue it", again.Error, StringComparison.Ordinal);

        var resumed = await CliRunner.RunAsync(Args(6, "--resume"));
        Assert.Equal(0, resumed.ExitCode);
        Assert.Contains("(resumed at step 4)", resumed.Output, StringComparison.Ordinal);
        Assert.Equal(7, (await File.ReadAllLinesAsync(Path.Combine(output, "train_log.csv"))).Length);
    }

    [Fact]
    public async Task A_bad_lora_spec_and_the_classifier_trainer_s_own_subcommand_still_parse_as_before()
    {
        var bad = await CliRunner.RunAsync(
            "train", "sft", "--base", _dir.File("b"), "--data", _dir.File("d"), "--out", _dir.File("o"), "--lora", "r=0");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--lora: r must be positive (got 0)", bad.Error, StringComparison.Ordinal);

        var help = await CliRunner.RunAsync("train", "--help");
        Assert.Contains("classifier", help.Output, StringComparison.Ordinal);
        Assert.Contains("contextual", help.Output, StringComparison.Ordinal);
        Assert.Contains("sft", help.Output, StringComparison.Ordinal);
    }
}
