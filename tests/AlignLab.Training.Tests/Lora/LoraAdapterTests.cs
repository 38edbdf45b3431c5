using AlignLab.Training.Lora;
using AlignLab.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace AlignLab.Training.Tests.Lora;

[Collection(TorchRandomCollection.Name)]
public sealed class LoraAdapterTests
{
    [Fact]
    public void A_fresh_adapter_changes_no_logit_freezes_the_base_and_trains_only_A_and_B()
    {
        random.manual_seed(1);
        using var model = new DecoderModel(DecoderConfig.Tiny(DecoderArchitecture.Llama));
        using var ids = randint(3, 259, [2, 12], dtype: ScalarType.Int64);
        using var before = model.Forward(ids).detach();
        using var adapter = LoraAdapter.Attach(model, new LoraOptions { Rank = 8, Alpha = 16 });

        using var after = model.Forward(ids);
        Assert.True(before.allclose(after, rtol: 0, atol: 0));
        Assert.All(model.parameters(), p => Assert.False(p.requires_grad));
        Assert.Equal(
            [
                "model.layers.0.self_attn.q_proj", "model.layers.0.self_attn.v_proj",
                "model.layers.1.self_attn.q_proj", "model.layers.1.self_attn.v_proj",
            ],
            adapter.ModuleNames);
        // per layer: q A 8×64 + B 64×8, v A 8×64 + B 32×8 (two kv heads of 16) = 1,792
        Assert.Equal(3_584, adapter.TrainableParameterCount);
    }

    [Fact]
    public void Merged_weights_give_the_hooked_logits_and_unmerging_restores_the_base_weights()
    {
        random.manual_seed(2);
        using var model = new DecoderModel(DecoderConfig.Tiny(DecoderArchitecture.Qwen2));
        using var baseQ = model.NamedTensors().Single(p => p.Key == "model.layers.1.self_attn.q_proj.weight").Value.detach().clone();
        using var adapter = LoraAdapter.Attach(model, new LoraOptions { Rank = 4, Alpha = 8, TargetModules = [LoraOptions.AllLinear] });
        RandomiseB(adapter);
        model.eval();
        using var ids = randint(3, 259, [1, 10], dtype: ScalarType.Int64);
        using var hooked = model.Forward(ids).detach();
        adapter.Merge();
        Assert.True(adapter.Merged);
        using var merged = model.Forward(ids).detach();
        adapter.Unmerge();
        using var unmerged = model.Forward(ids).detach();

        Assert.True(hooked.allclose(merged, rtol: 1e-4, atol: 1e-5), $"max diff {(hooked - merged).abs().max().item<float>()}");
        Assert.True(hooked.allclose(unmerged, rtol: 1e-4, atol: 1e-5));
        var q = model.NamedTensors().Single(p => p.Key == "model.layers.1.self_attn.q_proj.weight").Value;
        Assert.True(q.allclose(baseQ, rtol: 0, atol: 1e-6));
        Assert.Equal(7 * 2, adapter.ModuleNames.Count); // all-linear: q, k, v, o, gate, up, down in each of 2 layers; lm_head never
    }

    [Fact]
    public void A_disabled_adapter_computes_as_the_base_model_and_disposing_it_removes_every_trace()
    {
        random.manual_seed(3);
        using var model = new DecoderModel(DecoderConfig.Tiny(DecoderArchitecture.Gemma));
        using var ids = randint(3, 259, [1, 9], dtype: ScalarType.Int64);
        using var baseLogits = model.Forward(ids).detach();
        var adapter = LoraAdapter.Attach(model, new LoraOptions { TargetModules = ["q_proj", "down_proj"] });
        RandomiseB(adapter);
        using var adapted = model.Forward(ids).detach();
        adapter.Enabled = false;
        using var disabled = model.Forward(ids).detach();
        adapter.Enabled = true;
        adapter.Merge();
        adapter.Dispose();
        using var removed = model.Forward(ids).detach();

        Assert.False(adapted.allclose(baseLogits, rtol: 0, atol: 1e-4));
        Assert.True(disabled.allclose(baseLogits, rtol: 0, atol: 0));
        Assert.True(removed.allclose(baseLogits, rtol: 1e-4, atol: 1e-5));
        Assert.All(model.parameters(), p => Assert.True(p.requires_grad));
    }

    [Fact]
    public void Target_modules_that_match_nothing_are_an_error_naming_the_model_s_layers()
    {
        using var model = new DecoderModel(DecoderConfig.Tiny(DecoderArchitecture.Llama));
        var ex = Assert.Throws<ArgumentException>(() => LoraAdapter.Attach(model, new LoraOptions { TargetModules = ["c_attn"] }));
        Assert.Contains("q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("model.layers.0.self_attn.q_proj", "q_proj", true)]
    [InlineData("model.layers.0.self_attn.q_proj", "self_attn.q_proj", true)]
    [InlineData("model.layers.0.self_attn.q_proj", "proj", false)]
    [InlineData("model.layers.0.mlp.up_proj", @".*\.mlp\..*", true)]
    [InlineData("model.layers.0.self_attn.q_proj", @".*\.mlp\..*", false)]
    public void Target_names_match_as_in_PEFT_a_suffix_after_a_dot_or_a_whole_name_regex(string module, string target, bool expected) =>
        Assert.Equal(expected, LoraAdapter.Matches(module, [target]));

    internal static void RandomiseB(LoraAdapter adapter)
    {
        using var noGrad = no_grad();
        foreach (var parameter in adapter.TrainableParameters.Where((_, i) => i % 2 == 1))
        {
            parameter.normal_(0, 0.05);
        }
    }
}
