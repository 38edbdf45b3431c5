using AlignLab.Testing.Support;

namespace AlignLab.Cli.Tests.Commands;

/// <summary>
/// <c>alignlab model init</c> / <c>model generate</c> (issue 18): a random Hugging Face folder, loaded back by TorchSharp in
/// the CLI's process (which needs the weakened GLIBCXX requirement of libLibTorchSharp.so in its build output).
/// </summary>
public sealed class ModelCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("llama")]
    [InlineData("gemma")]
    public async Task Model_init_writes_a_folder_that_model_generate_loads(string arch)
    {
        var folder = _dir.File("tiny-" + arch);
        var init = await CliRunner.RunAsync("model", "init", "--arch", arch, "--layers", "2", "--width", "64", "--out", folder);
        Assert.Equal(0, init.ExitCode);
        Assert.Contains($"wrote {arch} model (2 layers, width 64", init.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder, "model.safetensors")));
        Assert.True(File.Exists(Path.Combine(folder, "tokenizer.json")));

        var generate = await CliRunner.RunAsync("model", "generate", "--model", folder, "--prompt", "hello", "--max-tokens", "4");
        Assert.Equal(0, generate.ExitCode);
    }

    [Fact]
    public async Task Bad_options_are_usage_errors_naming_the_option()
    {
        var arch = await CliRunner.RunAsync("model", "init", "--arch", "mistral", "--out", _dir.File("x"));
        Assert.Equal(2, arch.ExitCode);
        Assert.Contains("--arch: 'mistral' is not llama, qwen2 or gemma", arch.Error, StringComparison.Ordinal);

        var kv = await CliRunner.RunAsync("model", "init", "--heads", "4", "--kv-heads", "3", "--out", _dir.File("y"));
        Assert.Equal(2, kv.ExitCode);
        Assert.Contains("num_key_value_heads: 3 does not divide num_attention_heads 4", kv.Error, StringComparison.Ordinal);

        var missing = await CliRunner.RunAsync("model", "generate", "--model", _dir.File("none"), "--prompt", "hi");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--model: ", missing.Error, StringComparison.Ordinal);
    }
}
