namespace AlignLab.Training.Models;

/// <summary>Checks a built <see cref="DecoderConfig"/>; returns every problem, each naming the config.json field.</summary>
public static class DecoderConfigValidator
{
    private static readonly string[] Activations = ["silu", "swish", "gelu", "gelu_pytorch_tanh", "gelu_new", "gelu_tanh"];
    private static readonly string[] Dtypes = ["float32", "float16", "bfloat16"];

    /// <summary>The problems with <paramref name="config"/> (empty when it can be built).</summary>
    public static IReadOnlyList<string> Validate(DecoderConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = new List<string>();
        Positive(errors, "vocab_size", config.VocabSize);
        Positive(errors, "hidden_size", config.HiddenSize);
        Positive(errors, "intermediate_size", config.IntermediateSize);
        Positive(errors, "num_hidden_layers", config.NumHiddenLayers);
        Positive(errors, "num_attention_heads", config.NumAttentionHeads);
        Positive(errors, "num_key_value_heads", config.NumKeyValueHeads);
        Positive(errors, "head_dim", config.HeadDim);
        Positive(errors, "max_position_embeddings", config.MaxPositionEmbeddings);
        if (config.NumKeyValueHeads > 0 && config.NumAttentionHeads % config.NumKeyValueHeads != 0)
        {
            errors.Add($"num_key_value_heads: {config.NumKeyValueHeads} does not divide num_attention_heads {config.NumAttentionHeads}");
        }

        if (config.HeadDim % 2 != 0)
        {
            errors.Add($"head_dim: {config.HeadDim} is odd; rotary embeddings rotate pairs");
        }

        if (!Activations.Contains(config.HiddenAct, StringComparer.Ordinal))
        {
            var field = config.Architecture == DecoderArchitecture.Gemma ? "hidden_activation" : "hidden_act";
            errors.Add($"{field}: '{config.HiddenAct}' is not one of " +
                       string.Join(", ", Activations));
        }

        if (!(config.RmsNormEps > 0))
        {
            errors.Add($"rms_norm_eps: {config.RmsNormEps} is not positive");
        }

        if (!(config.RopeTheta > 0))
        {
            errors.Add($"rope_theta: {config.RopeTheta} is not positive");
        }

        ValidateScaling(config.RopeScaling, errors);
        if (!Dtypes.Contains(config.TorchDtype, StringComparer.Ordinal))
        {
            errors.Add($"torch_dtype: '{config.TorchDtype}' is not one of {string.Join(", ", Dtypes)}");
        }

        TokenId(errors, "bos_token_id", config.BosTokenId, config.VocabSize);
        TokenId(errors, "pad_token_id", config.PadTokenId, config.VocabSize);
        foreach (var eos in config.EosTokenIds)
        {
            TokenId(errors, "eos_token_id", eos, config.VocabSize);
        }

        return errors;
    }

    private static void ValidateScaling(RopeScaling? scaling, List<string> errors)
    {
        if (scaling is null)
        {
            return;
        }

        if (scaling.Type is not ("linear" or "llama3"))
        {
            errors.Add($"rope_scaling.rope_type: '{scaling.Type}' is not supported (default, linear and llama3 are)");
            return;
        }

        if (!(scaling.Factor > 0))
        {
            errors.Add($"rope_scaling.factor: {(scaling.Factor is null ? "missing" : scaling.Factor.ToString())}, needs a positive number");
        }

        if (scaling.Type == "llama3")
        {
            if (!(scaling.OriginalMaxPositionEmbeddings > 0))
            {
                errors.Add("rope_scaling.original_max_position_embeddings: llama3 scaling needs a positive integer");
            }

            if (!(scaling.LowFreqFactor > 0) || !(scaling.HighFreqFactor > scaling.LowFreqFactor))
            {
                errors.Add("rope_scaling.low_freq_factor/high_freq_factor: llama3 scaling needs 0 < low_freq_factor < high_freq_factor");
            }
        }
    }

    private static void Positive(List<string> errors, string field, int value)
    {
        if (value <= 0)
        {
            errors.Add($"{field}: {value} is not a positive integer");
        }
    }

    private static void TokenId(List<string> errors, string field, int? id, int vocab)
    {
        if (id is { } value && (value < 0 || value >= vocab))
        {
            errors.Add($"{field}: {value} is outside the vocabulary (0..{vocab - 1})");
        }
    }
}
