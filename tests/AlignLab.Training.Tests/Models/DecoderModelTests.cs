using AlignLab.Training.Checkpoints;
using AlignLab.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace AlignLab.Training.Tests.Models;

public sealed class DecoderModelTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("alignlab-decoder-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static DecoderModel Tiny(DecoderArchitecture architecture, int seed = 1)
    {
        random.manual_seed(seed);
        var model = new DecoderModel(DecoderConfig.Tiny(architecture));
        if (architecture == DecoderArchitecture.Gemma)
        {
            // Gemma's norms start at zero ((1 + w) = 1); perturb them so a load that skipped them would show.
            using var noGrad = no_grad();
            foreach (var (name, tensor) in model.NamedTensors().Where(p => p.Key.EndsWith("norm.weight", StringComparison.Ordinal)))
            {
                tensor.add_(randn_like(tensor) * 0.1);
            }
        }

        model.eval();
        return model;
    }

    private static Tensor Ids(params long[] ids) => tensor(ids, dtype: ScalarType.Int64).unsqueeze(0);

    [Theory]
    [InlineData(DecoderArchitecture.Llama, "lm_head.weight", "model.layers.1.self_attn.q_proj.weight")]
    [InlineData(DecoderArchitecture.Qwen2, "lm_head.weight", "model.layers.1.self_attn.k_proj.bias")]
    [InlineData(DecoderArchitecture.Gemma, "model.embed_tokens.weight", "model.layers.0.mlp.gate_proj.weight")]
    public void Parameters_carry_hugging_face_names_and_shapes(DecoderArchitecture architecture, string first, string another)
    {
        using var model = Tiny(architecture);
        var names = model.NamedTensors().ToDictionary(p => p.Key, p => p.Value.shape);
        Assert.Contains(first, names.Keys);
        Assert.Contains(another, names.Keys);
        Assert.Equal([259, 64], names["model.embed_tokens.weight"]);
        Assert.Equal([64, 64], names["model.layers.0.self_attn.q_proj.weight"]); // 4 heads × 16
        Assert.Equal([32, 64], names["model.layers.0.self_attn.k_proj.weight"]); // 2 kv heads × 16
        Assert.Equal([64, 128], names["model.layers.0.mlp.down_proj.weight"]);
        Assert.Equal(architecture == DecoderArchitecture.Gemma, !names.ContainsKey("lm_head.weight"));
        Assert.Equal(architecture == DecoderArchitecture.Qwen2, names.ContainsKey("model.layers.0.self_attn.q_proj.bias"));
        Assert.DoesNotContain("model.layers.0.self_attn.o_proj.bias", names.Keys);
        Assert.Equal(architecture == DecoderArchitecture.Gemma ? 20 : 21, names.Count - (architecture == DecoderArchitecture.Qwen2 ? 6 : 0));
    }

    [Theory]
    [InlineData(DecoderArchitecture.Llama)]
    [InlineData(DecoderArchitecture.Qwen2)]
    [InlineData(DecoderArchitecture.Gemma)]
    public void A_saved_and_loaded_model_gives_identical_logits(DecoderArchitecture architecture)
    {
        using var model = Tiny(architecture);
        using var ids = Ids(1, 72, 101, 108, 108, 111, 2);
        using var expected = model.Forward(ids);
        DecoderCheckpoint.Save(model, _directory);
        Assert.True(File.Exists(Path.Combine(_directory, "config.json")));
        Assert.Equal(architecture == DecoderArchitecture.Gemma, SafetensorsHeaderReader.ReadFile(Path.Combine(_directory, "model.safetensors"))
            .GetValueOrThrow().Find("lm_head.weight") is null);

        using var loaded = DecoderCheckpoint.Load(_directory).GetValueOrThrow();
        loaded.eval();
        using var actual = loaded.Forward(ids);
        Assert.Equal([1, 7, 259], actual.shape);
        Assert.True(expected.equal(actual).all().item<bool>());
    }

    [Theory]
    [InlineData(DecoderArchitecture.Llama)]
    [InlineData(DecoderArchitecture.Qwen2)]
    [InlineData(DecoderArchitecture.Gemma)]
    public void Decoding_one_token_at_a_time_with_the_kv_cache_gives_the_full_forward_logits(DecoderArchitecture architecture)
    {
        using var model = Tiny(architecture);
        using var noGrad = no_grad();
        long[] tokens = [1, 5, 80, 33, 200, 7, 9, 12];
        using var full = model.Forward(Ids(tokens));
        using var cache = model.CreateCache();
        using var prefix = model.Forward(Ids(tokens[..3]), cache); // a prompt of three, then one at a time
        Assert.True(prefix.allclose(full[.., ..3], rtol: 1e-4, atol: 1e-5));
        for (var i = 3; i < tokens.Length; i++)
        {
            using var step = model.Forward(Ids(tokens[i]), cache);
            Assert.Equal(i + 1, cache.Length);
            var difference = (step[0, 0] - full[0, i]).abs().max().item<float>();
            Assert.True(difference < 1e-4, $"position {i}: max difference {difference}");
        }
    }

    [Fact]
    public void A_tensor_whose_shape_disagrees_with_the_config_is_named_with_both_shapes()
    {
        using var model = Tiny(DecoderArchitecture.Llama);
        DecoderCheckpoint.Save(model, _directory);
        var config = File.ReadAllText(Path.Combine(_directory, "config.json"))
            .Replace("\"intermediate_size\": 128", "\"intermediate_size\": 96", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(_directory, "config.json"), config);
        var errors = DecoderCheckpoint.Load(_directory).Errors;
        Assert.Contains("tensor 'model.layers.0.mlp.gate_proj.weight' has shape [128, 64] in the checkpoint but the config needs [96, 64]", errors);
        Assert.Contains("tensor 'model.layers.1.mlp.down_proj.weight' has shape [64, 128] in the checkpoint but the config needs [64, 96]", errors);
        Assert.Equal(6, errors.Count); // gate, up, down in both layers
    }

    [Fact]
    public void A_qwen2_checkpoint_loaded_as_llama_names_the_bias_tensors_it_does_not_expect()
    {
        using var model = Tiny(DecoderArchitecture.Qwen2);
        DecoderCheckpoint.Save(model, _directory);
        var path = Path.Combine(_directory, "config.json");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"qwen2\"", "\"llama\"", StringComparison.Ordinal));
        var errors = DecoderCheckpoint.Load(_directory).Errors;
        Assert.Equal(6, errors.Count);
        Assert.Contains("tensor 'model.layers.0.self_attn.q_proj.bias' in the checkpoint is not part of a llama model with this config", errors);
    }

    [Fact]
    public void A_config_describing_a_huge_model_is_refused_before_anything_is_allocated()
    {
        using var model = Tiny(DecoderArchitecture.Llama);
        DecoderCheckpoint.Save(model, _directory);
        var path = Path.Combine(_directory, "config.json");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"vocab_size\": 259", "\"vocab_size\": 2000000000", StringComparison.Ordinal));
        Assert.Equal(["config.json describes 256000074048 parameters but the checkpoint holds 107200"], DecoderCheckpoint.Load(_directory).Errors);
    }

    [Theory]
    [InlineData(DecoderArchitecture.Llama)]
    [InlineData(DecoderArchitecture.Qwen2)]
    [InlineData(DecoderArchitecture.Gemma)]
    public void The_config_counts_the_parameters_the_model_builds(DecoderArchitecture architecture)
    {
        using var model = Tiny(architecture);
        Assert.Equal(model.NamedTensors().Sum(p => p.Value.numel()), model.Config.ParameterCount());
    }

    [Fact]
    public void A_bf16_sharded_save_loads_back_within_bf16_rounding()
    {
        using var model = Tiny(DecoderArchitecture.Llama);
        DecoderCheckpoint.Save(model, _directory, SafetensorsDtype.BF16, maxShardBytes: 20_000);
        Assert.True(File.Exists(Path.Combine(_directory, SafetensorsIndex.FileName)));
        Assert.Contains("\"torch_dtype\": \"bfloat16\"", File.ReadAllText(Path.Combine(_directory, "config.json")), StringComparison.Ordinal);
        using var loaded = DecoderCheckpoint.Load(_directory).GetValueOrThrow();
        foreach (var ((name, original), (_, copy)) in model.NamedTensors().Zip(loaded.NamedTensors()))
        {
            Assert.Equal(ScalarType.Float32, copy.dtype);
            Assert.True(original.to(ScalarType.BFloat16).to(ScalarType.Float32).equal(copy).all().item<bool>(), name);
        }
    }
}
