using System.Text.Json;
using AlignLab.Training.Checkpoints;

namespace AlignLab.Training.Models;

/// <summary>
/// Reads <c>config.json</c> of a Llama, Qwen2 or Gemma checkpoint, filling transformers' defaults for the model type,
/// accepting both the legacy <c>rope_theta</c>/<c>rope_scaling</c> and the v5 <c>rope_parameters</c> shapes. Every wrong
/// field is reported by name; the built config then goes through <see cref="DecoderConfigValidator"/>.
/// </summary>
public static class DecoderConfigReader
{
    /// <summary>The file's name in a checkpoint folder.</summary>
    public const string FileName = "config.json";

    /// <summary>Reads <c>config.json</c> from <paramref name="directory"/>.</summary>
    public static CheckpointResult<DecoderConfig> ReadDirectory(string directory)
    {
        var path = Path.Combine(directory, FileName);
        return File.Exists(path) ? Parse(File.ReadAllText(path)) : CheckpointResult<DecoderConfig>.Fail($"{path}: not found");
    }

    /// <summary>Parses the text of a <c>config.json</c>.</summary>
    public static CheckpointResult<DecoderConfig> Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? Read(document.RootElement)
                : CheckpointResult<DecoderConfig>.Fail("config.json: not a JSON object");
        }
        catch (JsonException e)
        {
            return CheckpointResult<DecoderConfig>.Fail($"config.json: not valid JSON: {e.Message}");
        }
    }

    private static CheckpointResult<DecoderConfig> Read(JsonElement root)
    {
        var fields = new FieldReader(root);
        var modelType = fields.String("model_type");
        DecoderArchitecture? architecture = modelType switch
        {
            "llama" => DecoderArchitecture.Llama,
            "qwen2" => DecoderArchitecture.Qwen2,
            "gemma" => DecoderArchitecture.Gemma,
            _ => null,
        };
        if (architecture is null)
        {
            fields.Errors.Add(modelType is null
                ? "model_type: missing (llama, qwen2 or gemma)"
                : $"model_type: '{modelType}' is not one of llama, qwen2, gemma");
            return CheckpointResult<DecoderConfig>.Fail(fields.Errors);
        }

        var gemma = architecture == DecoderArchitecture.Gemma;
        var hidden = fields.Int("hidden_size") ?? (gemma ? 3072 : 4096);
        var heads = fields.Int("num_attention_heads") ?? (gemma ? 16 : 32);
        var act = gemma
            ? fields.String("hidden_activation") ?? fields.String("hidden_act") ?? "gelu_pytorch_tanh"
            : fields.String("hidden_act") ?? "silu";
        var (theta, scaling) = ReadRope(root, fields);
        var config = new DecoderConfig
        {
            Architecture = architecture.Value,
            VocabSize = fields.Int("vocab_size") ?? architecture switch
            {
                DecoderArchitecture.Qwen2 => 151936,
                DecoderArchitecture.Gemma => 256000,
                _ => 32000,
            },
            HiddenSize = hidden,
            IntermediateSize = fields.Int("intermediate_size") ?? architecture switch
            {
                DecoderArchitecture.Qwen2 => 22016,
                DecoderArchitecture.Gemma => 24576,
                _ => 11008,
            },
            NumHiddenLayers = fields.Int("num_hidden_layers") ?? (gemma ? 28 : 32),
            NumAttentionHeads = heads,
            NumKeyValueHeads = fields.Int("num_key_value_heads") ?? heads,
            HeadDim = fields.Int("head_dim") ?? (gemma ? 256 : heads > 0 ? hidden / heads : 0),
            HiddenAct = act,
            MaxPositionEmbeddings = fields.Int("max_position_embeddings") ?? architecture switch
            {
                DecoderArchitecture.Qwen2 => 32768,
                DecoderArchitecture.Gemma => 8192,
                _ => 2048,
            },
            RmsNormEps = fields.Double("rms_norm_eps") ?? 1e-6,
            RopeTheta = theta,
            RopeScaling = scaling,
            TieWordEmbeddings = fields.Bool("tie_word_embeddings") ?? gemma,
            AttentionBias = fields.Bool("attention_bias") ?? false,
            BosTokenId = fields.Int("bos_token_id", nullable: true) ?? (architecture switch
            {
                DecoderArchitecture.Llama => 1,
                DecoderArchitecture.Gemma => 2,
                _ => null,
            }),
            EosTokenIds = fields.IntOrList("eos_token_id") ?? architecture switch
            {
                DecoderArchitecture.Llama => [2],
                DecoderArchitecture.Gemma => [1],
                _ => [],
            },
            PadTokenId = fields.Int("pad_token_id", nullable: true) ?? (gemma ? 0 : null),
            TorchDtype = fields.String("torch_dtype") ?? fields.String("dtype") ?? "float32",
        };
        if (hidden % Math.Max(heads, 1) != 0 && fields.Int("head_dim") is null && !gemma)
        {
            fields.Errors.Add($"hidden_size: {hidden} is not divisible by num_attention_heads {heads} and head_dim is not given");
        }

        fields.Errors.AddRange(DecoderConfigValidator.Validate(config));
        return fields.Errors.Count > 0 ? CheckpointResult<DecoderConfig>.Fail(fields.Errors) : CheckpointResult<DecoderConfig>.Ok(config);
    }

    private static (double Theta, RopeScaling? Scaling) ReadRope(JsonElement root, FieldReader fields)
    {
        if (root.TryGetProperty("rope_parameters", out var parameters) && parameters.ValueKind == JsonValueKind.Object)
        {
            var nested = new FieldReader(parameters, "rope_parameters.", fields.Errors);
            var theta = nested.Double("rope_theta") ?? fields.Double("rope_theta") ?? 10_000;
            return (theta, ReadScaling(nested));
        }

        var legacyTheta = fields.Double("rope_theta") ?? 10_000;
        if (!root.TryGetProperty("rope_scaling", out var scaling) || scaling.ValueKind == JsonValueKind.Null)
        {
            return (legacyTheta, null);
        }

        if (scaling.ValueKind != JsonValueKind.Object)
        {
            fields.Errors.Add("rope_scaling: not an object");
            return (legacyTheta, null);
        }

        return (legacyTheta, ReadScaling(new FieldReader(scaling, "rope_scaling.", fields.Errors)));
    }

    private static RopeScaling? ReadScaling(FieldReader fields)
    {
        var type = fields.String("rope_type") ?? fields.String("type") ?? "default";
        return type == "default"
            ? null
            : new RopeScaling(type, fields.Double("factor"), fields.Int("original_max_position_embeddings"),
                fields.Double("low_freq_factor"), fields.Double("high_freq_factor"));
    }
}
