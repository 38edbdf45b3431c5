using AlignLab.Training.Checkpoints;
using AlignLab.Training.Lora;
using AlignLab.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace AlignLab.Training.Tests.Lora;

[Collection(TorchRandomCollection.Name)]
public sealed class PeftAdapterFilesTests : IDisposable
{
    // adapter_config.json as PEFT 0.17 save_pretrained writes it for a LlamaForCausalLM with LoraConfig(r=4, lora_alpha=8,
    // target_modules=["q_proj", "v_proj"]): sorted keys, 2-space indent, many fields this code does not use.
    private const string PeftWrittenConfig = """
        {
          "alpha_pattern": {},
          "auto_mapping": null,
          "base_model_name_or_path": "tiny-llama",
          "bias": "none",
          "corda_config": null,
          "eva_config": null,
          "exclude_modules": null,
          "fan_in_fan_out": false,
          "inference_mode": true,
          "init_lora_weights": true,
          "layer_replication": null,
          "layers_pattern": null,
          "layers_to_transform": null,
          "loftq_config": {},
          "lora_alpha": 8,
          "lora_bias": false,
          "lora_dropout": 0.05,
          "megatron_config": null,
          "megatron_core": "megatron.core",
          "modules_to_save": null,
          "peft_type": "LORA",
          "peft_version": "0.17.1",
          "qalora_group_size": 16,
          "r": 4,
          "rank_pattern": {},
          "revision": null,
          "target_modules": [
            "v_proj",
            "q_proj"
          ],
          "target_parameters": null,
          "task_type": "CAUSAL_LM",
          "trainable_token_indices": null,
          "use_dora": false,
          "use_qalora": false,
          "use_rslora": false
        }
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("alignlab-peft-").FullName;

    [Fact]
    public void An_adapter_folder_laid_out_as_PEFT_writes_it_loads_and_adds_B_A_alpha_over_r_to_the_targeted_weights()
    {
        random.manual_seed(4);
        var config = DecoderConfig.Tiny(DecoderArchitecture.Llama);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var layer in new[] { 0, 1 })
        {
            foreach (var (module, outFeatures) in new[] { ("q_proj", 64), ("v_proj", 32) })
            {
                var prefix = $"base_model.model.model.layers.{layer}.self_attn.{module}";
                tensors[prefix + ".lora_A.weight"] = randn(4, 64) * 0.1;
                tensors[prefix + ".lora_B.weight"] = randn(outFeatures, 4) * 0.1;
            }
        }

        File.WriteAllText(Path.Combine(_directory, "adapter_config.json"), PeftWrittenConfig);
        SafetensorsFile.Write(Path.Combine(_directory, "adapter_model.safetensors"), tensors);
        random.manual_seed(9);
        using var model = new DecoderModel(config);
        random.manual_seed(9);
        using var expected = new DecoderModel(config);
        using (no_grad())
        {
            foreach (var (name, weight) in expected.NamedTensors()
                .Where(p => p.Key.Contains("q_proj", StringComparison.Ordinal) || p.Key.Contains("v_proj", StringComparison.Ordinal)))
            {
                var prefix = "base_model.model." + name[..^".weight".Length];
                weight.add_(tensors[prefix + ".lora_B.weight"].matmul(tensors[prefix + ".lora_A.weight"]) * (8.0 / 4));
            }
        }

        var loaded = PeftAdapterFiles.Load(model, _directory);

        Assert.Empty(loaded.Errors);
        using var adapter = loaded.Value!;
        Assert.Equal(4, adapter.Options.Rank);
        Assert.Equal(0.05, adapter.Options.Dropout);
        model.eval();
        expected.eval();
        using var ids = randint(3, 259, [1, 11], dtype: ScalarType.Int64);
        using var actual = model.Forward(ids).detach();
        using var wanted = expected.Forward(ids).detach();
        Assert.True(actual.allclose(wanted, rtol: 1e-4, atol: 1e-5), $"max diff {(actual - wanted).abs().max().item<float>()}");
    }

    [Fact]
    public void Saved_adapters_use_PEFT_key_names_and_config_fields_and_load_back_to_identical_logits()
    {
        random.manual_seed(5);
        using var model = new DecoderModel(DecoderConfig.Tiny(DecoderArchitecture.Qwen2));
        using var adapter = LoraAdapter.Attach(model, new LoraOptions { Rank = 2, Alpha = 4, TargetModules = ["q_proj", "up_proj"] });
        LoraAdapterTests.RandomiseB(adapter);
        PeftAdapterFiles.Save(adapter, _directory, "base-folder");
        model.eval();
        using var ids = randint(3, 259, [1, 7], dtype: ScalarType.Int64);
        using var saved = model.Forward(ids).detach();
        adapter.Dispose();

        var keys = SafetensorsFile.Read(Path.Combine(_directory, "adapter_model.safetensors")).GetValueOrThrow();
        Assert.Contains("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight", keys.Keys);
        Assert.Contains("base_model.model.model.layers.1.mlp.up_proj.lora_B.weight", keys.Keys);
        Assert.Equal([2L, 64L], keys["base_model.model.model.layers.1.mlp.up_proj.lora_A.weight"].shape);
        Assert.Equal([128L, 2L], keys["base_model.model.model.layers.1.mlp.up_proj.lora_B.weight"].shape);
        Assert.Equal(8, keys.Count);
        var json = File.ReadAllText(Path.Combine(_directory, "adapter_config.json"));
        Assert.Contains("\"peft_type\": \"LORA\"", json, StringComparison.Ordinal);
        Assert.Contains("\"task_type\": \"CAUSAL_LM\"", json, StringComparison.Ordinal);
        Assert.Contains("\"base_model_name_or_path\": \"base-folder\"", json, StringComparison.Ordinal);
        Assert.Contains("\"lora_alpha\": 4", json, StringComparison.Ordinal);

        using var reloaded = PeftAdapterFiles.Load(model, _directory).GetValueOrThrow();
        using var again = model.Forward(ids).detach();
        Assert.True(saved.allclose(again, rtol: 0, atol: 0));
    }

    [Fact]
    public void A_config_this_code_cannot_honour_and_a_mis_shaped_tensor_are_reported_by_name()
    {
        var (_, errors) = PeftAdapterFiles.ReadConfig(PeftWrittenConfig.Replace("\"use_dora\": false", "\"use_dora\": true", StringComparison.Ordinal)
            .Replace("\"modules_to_save\": null", "\"modules_to_save\": [\"lm_head\"]", StringComparison.Ordinal));
        Assert.Equal(["DoRA (use_dora) is not supported", "modules_to_save is not supported"], errors);

        File.WriteAllText(Path.Combine(_directory, "adapter_config.json"), PeftWrittenConfig);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var layer in new[] { 0, 1 })
        {
            foreach (var module in new[] { "q_proj", "v_proj" })
            {
                tensors[$"base_model.model.model.layers.{layer}.self_attn.{module}.lora_A.weight"] = zeros(4, 64);
                tensors[$"base_model.model.model.layers.{layer}.self_attn.{module}.lora_B.weight"] = zeros(module == "q_proj" ? 64 : 32, 4);
            }
        }

        tensors["base_model.model.model.layers.1.self_attn.v_proj.lora_B.weight"] = zeros(64, 4);
        SafetensorsFile.Write(Path.Combine(_directory, "adapter_model.safetensors"), tensors);
        using var model = new DecoderModel(DecoderConfig.Tiny(DecoderArchitecture.Llama));

        var loaded = PeftAdapterFiles.Load(model, _directory);

        Assert.Null(loaded.Value);
        var error = Assert.Single(loaded.Errors);
        Assert.Contains("'base_model.model.model.layers.1.self_attn.v_proj.lora_B.weight' has shape [64, 4], the model needs [32, 4]", error,
            StringComparison.Ordinal);
        Assert.All(model.parameters(), p => Assert.True(p.requires_grad)); // the failed attach left nothing behind
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
