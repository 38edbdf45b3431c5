using AlignLab.Training.Export;
using AlignLab.Training.Models;
using AlignLab.Training.Tests.Support;

namespace AlignLab.Training.Tests.Export;

public sealed class GgufExporterBadInputTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("alignlab-gguf-bad-").FullName;

    [Fact]
    public void A_folder_without_a_tokenizer_is_an_error_and_writes_nothing()
    {
        var folder = Copy();
        File.Delete(Path.Combine(folder, "tokenizer.json"));
        var errors = Export(folder);
        Assert.Contains(errors, e => e.Contains("no tokenizer.json", StringComparison.Ordinal));
        Assert.False(File.Exists(Output));
    }

    [Fact]
    public void A_tokenizer_that_is_not_byte_level_bpe_is_named()
    {
        var folder = Copy();
        File.WriteAllText(Path.Combine(folder, "tokenizer.json"), """{"model": {"type": "WordPiece", "vocab": {}}}""");
        Assert.Contains(Export(folder), e => e.Contains("a WordPiece tokenizer", StringComparison.Ordinal));
    }

    [Fact]
    public void A_tensor_whose_shape_disagrees_with_the_config_is_named_with_both_shapes()
    {
        var folder = Copy();
        var config = Path.Combine(folder, "config.json");
        var text = File.ReadAllText(config);
        File.WriteAllText(config, text.Replace("\"intermediate_size\": 128", "\"intermediate_size\": 96", StringComparison.Ordinal));
        var errors = Export(folder);
        Assert.Contains(errors, e => e.Contains("model.layers.0.mlp.gate_proj.weight", StringComparison.Ordinal)
                                     && e.Contains("[128, 64]", StringComparison.Ordinal) && e.Contains("[96, 64]", StringComparison.Ordinal));
        Assert.False(File.Exists(Output));
    }

    [Fact]
    public void A_truncated_safetensors_file_is_an_error_not_a_crash()
    {
        var folder = Copy();
        var weights = Path.Combine(folder, "model.safetensors");
        var bytes = File.ReadAllBytes(weights);
        File.WriteAllBytes(weights, bytes[..(bytes.Length / 2)]);
        Assert.Contains(Export(folder), e => e.Contains("model.safetensors", StringComparison.Ordinal));
        Assert.False(File.Exists(Output));
    }

    private string Output => Path.Combine(_directory, "out.gguf");

    private IReadOnlyList<string> Export(string folder)
    {
        var result = GgufExporter.Export(folder, Output, GgufQuantization.Q8_0);
        Assert.Null(result.Value);
        Assert.NotEmpty(result.Errors);
        return result.Errors;
    }

    private string Copy()
    {
        var source = TinyTrainedModel.Folder(DecoderArchitecture.Llama);
        var target = Path.Combine(_directory, "model");
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        return target;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
