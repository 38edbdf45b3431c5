using AlignLab.Testing.Support;

namespace AlignLab.Cli.Tests.Commands;

/// <summary>
/// <c>alignlab model export</c> (issue 18, item 7) and the <c>torch:DIR</c> spec (item 1): a folder from <c>model init</c>
/// exported to GGUF is served by <c>llama:</c>, exported as a Hugging Face folder is served by <c>torch:</c>; bad input is a
/// usage error (exit 2) naming the problem.
/// </summary>
public sealed class ModelExportCommandTests : IDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(300);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    // The chain of the issue: model init → model export --format gguf → alignlab check "…" --model llama:FILE.gguf
    [Fact]
    public async Task A_model_init_folder_exported_as_q8_0_gguf_is_checked_through_llama_and_as_hf_through_torch()
    {
        var folder = _dir.File("tiny");
        Assert.Equal(0, (await CliRunner.RunAsync("model", "init", "--out", folder).WaitAsync(Guard)).ExitCode);

        var gguf = _dir.File("tiny.q8_0.gguf");
        var export = await CliRunner.RunAsync("model", "export", "--from", folder, "--format", "gguf", "--quant", "q8_0", "--out", gguf)
            .WaitAsync(Guard);
        Assert.True(export.ExitCode == 0, export.Error);
        Assert.Contains("(llama, q8_0, 21 tensors, 259 tokens", export.Output, StringComparison.Ordinal);
        var check = await CliRunner.RunAsync("check", "how do I bake bread", "--model", $"llama:{gguf};max_tokens=4;temperature=0")
            .WaitAsync(Guard);
        Assert.True(check.ExitCode is 0 or 1, $"exit {check.ExitCode}: {check.Error}");

        var hf = _dir.File("tiny-hf");
        var exportHf = await CliRunner.RunAsync("model", "export", "--from", folder, "--format", "hf", "--quant", "f16", "--out", hf)
            .WaitAsync(Guard);
        Assert.True(exportHf.ExitCode == 0, exportHf.Error);
        var chat = await CliRunner.RunWithInputAsync("hello\n/exit\n", "chat", "--model", $"torch:{hf};max_tokens=3;temperature=0", "--no-stream")
            .WaitAsync(Guard);
        Assert.True(chat.ExitCode == 0, chat.Error);
    }

    // The chain with --lora: train sft writes an adapter folder; model export merges it into the base named in its config.
    [Fact]
    public async Task A_lora_adapter_folder_from_train_sft_is_merged_into_its_base_when_exported_as_gguf()
    {
        var folder = _dir.File("tiny");
        Assert.Equal(0, (await CliRunner.RunAsync("model", "init", "--out", folder).WaitAsync(Guard)).ExitCode);
        var data = _dir.File("sft.jsonl");
        await File.WriteAllLinesAsync(data, Enumerable.Range(0, 8)
            .Select(i => $"{{\"prompt\": \"q{i}\", \"completion\": \"a{i}\"}}"));
        var adapter = _dir.File("adapter");
        var sft = await CliRunner.RunAsync("train", "sft", "--base", folder, "--data", data, "--lora", "r=4,alpha=8", "--out", adapter,
            "--max-steps", "2", "--batch-size", "4", "--max-length", "32", "--checkpoint-every", "0").WaitAsync(Guard);
        Assert.True(sft.ExitCode == 0, sft.Error);

        var gguf = _dir.File("merged.gguf");
        var export = await CliRunner.RunAsync("model", "export", "--from", adapter, "--format", "gguf", "--out", gguf).WaitAsync(Guard);

        Assert.True(export.ExitCode == 0, export.Error);
        Assert.Contains("merged the LoRA adapter", export.Error, StringComparison.Ordinal);
        Assert.Contains("(llama, f16, 21 tensors, 259 tokens", export.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exporting_a_folder_without_a_tokenizer_or_with_a_bad_option_is_a_usage_error()
    {
        var folder = _dir.File("tiny");
        Assert.Equal(0, (await CliRunner.RunAsync("model", "init", "--out", folder).WaitAsync(Guard)).ExitCode);
        File.Delete(Path.Combine(folder, "tokenizer.json"));

        var noTokenizer = await CliRunner.RunAsync("model", "export", "--from", folder, "--format", "gguf", "--out", _dir.File("x.gguf"));
        Assert.Equal(2, noTokenizer.ExitCode);
        Assert.Contains("no tokenizer.json", noTokenizer.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.File("x.gguf")));

        var quant = await CliRunner.RunAsync("model", "export", "--from", folder, "--format", "hf", "--quant", "q8_0", "--out", _dir.File("y"));
        Assert.Equal(2, quant.ExitCode);
        Assert.Contains("q8_0 is a GGUF type", quant.Error, StringComparison.Ordinal);

        var torch = await CliRunner.RunAsync("check", "hello", "--model", $"torch:{_dir.File("missing")}");
        Assert.Equal(2, torch.ExitCode);
        Assert.Contains("folder not found", torch.Error, StringComparison.Ordinal);
    }
}
