using AlignLab.Training.Models;

namespace AlignLab.Training.Tests.Models;

public sealed class DecoderConfigReaderTests
{
    [Fact]
    public void A_minimal_llama_config_gets_transformers_defaults()
    {
        var config = DecoderConfigReader.Parse("""
            {"model_type": "llama", "hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2, "num_attention_heads": 4,
             "vocab_size": 300}
            """).GetValueOrThrow();
        Assert.Equal(4, config.NumKeyValueHeads);
        Assert.Equal(16, config.HeadDim);
        Assert.Equal("silu", config.HiddenAct);
        Assert.False(config.TieWordEmbeddings);
        Assert.Equal(1, config.BosTokenId);
        Assert.Equal([2], config.EosTokenIds);
        Assert.Equal(10_000, config.RopeTheta);
        Assert.False(config.QkvBias);
    }

    [Fact]
    public void Gemma_keeps_its_own_head_dim_activation_and_tied_output_and_qwen2_has_qkv_biases_only()
    {
        var gemma = DecoderConfigReader.Parse("""
            {"model_type": "gemma", "hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 1, "num_attention_heads": 2,
             "num_key_value_heads": 1, "head_dim": 48, "vocab_size": 300, "hidden_activation": "gelu_pytorch_tanh"}
            """).GetValueOrThrow();
        Assert.Equal(48, gemma.HeadDim); // not hidden / heads
        Assert.True(gemma.TieWordEmbeddings);
        Assert.Equal("gelu_pytorch_tanh", gemma.HiddenAct);
        Assert.Equal((2, 0), (gemma.BosTokenId, gemma.PadTokenId));
        Assert.Equal([1], gemma.EosTokenIds);

        var qwen = DecoderConfigReader.Parse("""
            {"model_type": "qwen2", "hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 1, "num_attention_heads": 4,
             "num_key_value_heads": 2, "vocab_size": 300, "eos_token_id": [5, 7], "rope_theta": 1000000.0}
            """).GetValueOrThrow();
        Assert.True(qwen.QkvBias);
        Assert.False(qwen.OutputBias);
        Assert.Equal([5, 7], qwen.EosTokenIds);
        Assert.Equal(1_000_000, qwen.RopeTheta);
    }

    [Fact]
    public void Both_the_legacy_rope_scaling_and_the_v5_rope_parameters_shapes_read_the_same()
    {
        const string Common =
            "\"model_type\": \"llama\", \"hidden_size\": 64, \"intermediate_size\": 128, \"num_hidden_layers\": 1, " +
            "\"num_attention_heads\": 4, \"vocab_size\": 300, ";
        const string Llama3 = "\"factor\": 8.0, \"original_max_position_embeddings\": 8192, \"low_freq_factor\": 1.0, \"high_freq_factor\": 4.0";
        var legacy = DecoderConfigReader.Parse(
            "{" + Common + "\"rope_theta\": 500000.0, \"rope_scaling\": {\"rope_type\": \"llama3\", " + Llama3 + "}}").GetValueOrThrow();
        var v5 = DecoderConfigReader.Parse(
            "{" + Common + "\"rope_parameters\": {\"rope_type\": \"llama3\", \"rope_theta\": 500000.0, " + Llama3 + "}}").GetValueOrThrow();
        Assert.Equal(500_000, legacy.RopeTheta);
        Assert.Equal(new RopeScaling("llama3", 8, 8192, 1, 4), legacy.RopeScaling);
        Assert.Equal(legacy.RopeScaling, v5.RopeScaling);
        Assert.Equal(legacy.RopeTheta, v5.RopeTheta);
    }

    [Fact]
    public void Every_bad_field_is_reported_by_name_in_one_pass()
    {
        var result = DecoderConfigReader.Parse("""
            {"model_type": "llama", "hidden_size": "wide", "intermediate_size": 128, "num_hidden_layers": 0, "num_attention_heads": 4,
             "num_key_value_heads": 3, "vocab_size": 300, "hidden_act": "relu", "rope_scaling": {"type": "yarn", "factor": 4},
             "eos_token_id": 300, "tie_word_embeddings": "yes"}
            """);
        Assert.Null(result.Value);
        Assert.Equal(
        [
            "hidden_size: \"wide\" is not an integer",
            "tie_word_embeddings: \"yes\" is not true or false",
            "num_hidden_layers: 0 is not a positive integer",
            "num_key_value_heads: 3 does not divide num_attention_heads 4",
            "hidden_act: 'relu' is not one of silu, swish, gelu, gelu_pytorch_tanh, gelu_new, gelu_tanh",
            "rope_scaling.rope_type: 'yarn' is not supported (default, linear and llama3 are)",
            "eos_token_id: 300 is outside the vocabulary (0..299)",
        ], result.Errors);
    }

    [Theory]
    [InlineData("{\"model_type\": \"mistral\"}", "model_type: 'mistral' is not one of llama, qwen2, gemma")]
    [InlineData("{}", "model_type: missing (llama, qwen2 or gemma)")]
    [InlineData("[]", "config.json: not a JSON object")]
    public void An_unknown_model_type_is_named(string json, string error) => Assert.Equal([error], DecoderConfigReader.Parse(json).Errors);

    [Theory]
    [InlineData(DecoderArchitecture.Llama)]
    [InlineData(DecoderArchitecture.Qwen2)]
    [InlineData(DecoderArchitecture.Gemma)]
    public void A_written_config_reads_back_to_the_same_json(DecoderArchitecture architecture)
    {
        var config = DecoderConfig.Tiny(architecture) with { RopeScaling = new RopeScaling("linear", 2), EosTokenIds = [2, 3] };
        var json = DecoderConfigWriter.ToJson(config);
        var read = DecoderConfigReader.Parse(json).GetValueOrThrow();
        Assert.Equal(json, DecoderConfigWriter.ToJson(read));
        Assert.Contains($"\"architectures\": [\n    \"{config.ArchitectureClass}\"\n  ]", json, StringComparison.Ordinal);
    }
}
