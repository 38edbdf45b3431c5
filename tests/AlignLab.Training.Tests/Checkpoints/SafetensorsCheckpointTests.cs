using AlignLab.Training.Checkpoints;
using TorchSharp;

namespace AlignLab.Training.Tests.Checkpoints;

public sealed class SafetensorsCheckpointTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("alignlab-safetensors-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static List<KeyValuePair<string, torch.Tensor>> SomeTensors()
    {
        using var seed = torch.random.manual_seed(7);
        return
        [
            new("model.embed_tokens.weight", torch.randn(5, 4)),
            new("model.norm.weight", torch.randn(4).to(torch.bfloat16)),
            new("lm_head.weight", torch.randn(5, 4).to(torch.float16)),
            new("model.layers.0.mlp.up_proj.weight", torch.randn(8, 4)),
        ];
    }

    private static void AssertSameTensors(List<KeyValuePair<string, torch.Tensor>> expected, Dictionary<string, torch.Tensor> actual)
    {
        Assert.Equal(expected.Select(p => p.Key).Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, tensor) in expected)
        {
            Assert.Equal(tensor.dtype, actual[name].dtype);
            Assert.Equal(tensor.shape, actual[name].shape);
            Assert.Equal(tensor.bytes.ToArray(), actual[name].bytes.ToArray());
        }
    }

    [Fact]
    public void Tensors_of_every_dtype_survive_a_write_and_read_bit_for_bit()
    {
        var tensors = SomeTensors();
        var path = Path.Combine(_directory, "model.safetensors");
        SafetensorsFile.Write(path, tensors, new Dictionary<string, string> { ["note"] = "tiny" });
        var header = SafetensorsHeaderReader.ReadFile(path).GetValueOrThrow();
        Assert.Equal(new Dictionary<string, string> { ["format"] = "pt", ["note"] = "tiny" }, header.Metadata);
        // F32 first (alignment 4), then the 2-byte types, each group by name.
        Assert.Equal(["model.embed_tokens.weight", "model.layers.0.mlp.up_proj.weight", "lm_head.weight", "model.norm.weight"],
            header.Tensors.Select(t => t.Name));
        AssertSameTensors(tensors, SafetensorsFile.Read(path).GetValueOrThrow());
    }

    [Fact]
    public void A_checkpoint_over_the_shard_limit_is_split_in_order_and_loads_through_its_index()
    {
        var tensors = SomeTensors();
        SafetensorsCheckpoint.Save(_directory, tensors, maxShardBytes: 100);
        // 80 bytes | 8 + 40 = 48 | 128 (over the limit: a shard of its own)
        Assert.Equal(["model-00001-of-00003.safetensors", "model-00002-of-00003.safetensors", "model-00003-of-00003.safetensors",
            "model.safetensors.index.json"], Directory.GetFiles(_directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var index = SafetensorsIndex.Read(Path.Combine(_directory, SafetensorsIndex.FileName)).GetValueOrThrow();
        Assert.Equal(80 + 8 + 40 + 128, index.TotalSize);
        Assert.Equal("model-00002-of-00003.safetensors", index.WeightMap.Single(p => p.Key == "lm_head.weight").Value);
        AssertSameTensors(tensors, SafetensorsCheckpoint.Load(_directory).GetValueOrThrow());

        SafetensorsCheckpoint.Save(_directory, tensors);
        Assert.Equal(["model.safetensors"], Directory.GetFiles(_directory).Select(Path.GetFileName));
        AssertSameTensors(tensors, SafetensorsCheckpoint.Load(_directory).GetValueOrThrow());
    }

    [Fact]
    public void An_index_pointing_outside_the_folder_or_at_a_shard_without_the_tensor_is_refused_by_name()
    {
        SafetensorsCheckpoint.Save(_directory, SomeTensors(), maxShardBytes: 100);
        var indexPath = Path.Combine(_directory, SafetensorsIndex.FileName);
        File.WriteAllText(indexPath, """
            {"metadata": {"total_size": 1}, "weight_map": {
              "model.norm.weight": "../../etc/passwd.safetensors",
              "lm_head.weight": "model-00001-of-00003.safetensors"}}
            """);
        var errors = SafetensorsCheckpoint.Load(_directory).Errors;
        Assert.Equal(
        [
            "model.safetensors.index.json: tensor 'model.norm.weight' maps to \"../../etc/passwd.safetensors\", " +
            "not a .safetensors file name in the same folder",
        ], errors);
        File.WriteAllText(indexPath, """{"weight_map": {"lm_head.weight": "model-00001-of-00003.safetensors"}}""");
        Assert.Equal(
            ["model.safetensors.index.json: tensor 'lm_head.weight' is mapped to model-00001-of-00003.safetensors, which does not hold it"],
            SafetensorsCheckpoint.Load(_directory).Errors);
    }

    [Fact]
    public void An_index_with_invalid_utf8_in_a_tensor_name_is_an_error_not_an_exception()
    {
        SafetensorsCheckpoint.Save(_directory, SomeTensors(), maxShardBytes: 100);
        byte[] index = [.. "{\"weight_map\": {\""u8, 0xC3, 0x28, .. "\": \"model-00001-of-00003.safetensors\"}}"u8];
        File.WriteAllBytes(Path.Combine(_directory, SafetensorsIndex.FileName), index);
        Assert.Equal(["model.safetensors.index.json: not valid UTF-8"], SafetensorsCheckpoint.Load(_directory).Errors);
    }

    [Fact]
    public void A_folder_without_weights_says_which_files_it_looked_for()
    {
        var errors = SafetensorsCheckpoint.Load(_directory).Errors;
        Assert.Equal([$"{_directory}: neither model.safetensors nor model.safetensors.index.json is there"], errors);
    }
}
