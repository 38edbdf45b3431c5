using System.Globalization;
using AlignLab.Training.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace AlignLab.Training.Models;

/// <summary>Loads and saves a <see cref="DecoderModel"/> as a Hugging Face checkpoint folder (config.json + safetensors).</summary>
public static class DecoderCheckpoint
{
    /// <summary>
    /// Builds the model <c>config.json</c> in <paramref name="directory"/> describes and loads its weights (one file or shards),
    /// converted to <paramref name="dtype"/> (fp32 by default) on <paramref name="device"/> (CPU by default). A missing,
    /// unexpected or wrongly shaped tensor is an error naming it (and both shapes).
    /// </summary>
    public static CheckpointResult<DecoderModel> Load(string directory, Device? device = null, ScalarType dtype = ScalarType.Float32)
    {
        var config = DecoderConfigReader.ReadDirectory(directory);
        if (config.Value is null)
        {
            return CheckpointResult<DecoderModel>.Fail(config.Errors);
        }

        var weights = SafetensorsCheckpoint.Load(directory);
        if (weights.Value is null)
        {
            return CheckpointResult<DecoderModel>.Fail(weights.Errors);
        }

        // Check the size before allocating: a hostile config.json must not make us build a model of any size.
        var stored = weights.Value.Values.Sum(t => t.numel());
        if (config.Value.ParameterCount() is not { } needed || needed > stored)
        {
            Dispose(weights.Value);
            return CheckpointResult<DecoderModel>.Fail(
                $"config.json describes {config.Value.ParameterCount()?.ToString(CultureInfo.InvariantCulture) ?? "more than 2^63"} " +
                $"parameters but the checkpoint holds {stored}");
        }

        var model = new DecoderModel(config.Value);
        try
        {
            var errors = Copy(model, weights.Value);
            if (errors.Count > 0)
            {
                model.Dispose();
                return CheckpointResult<DecoderModel>.Fail(errors);
            }
        }
        finally
        {
            Dispose(weights.Value);
        }

        model.to(dtype);
        if (device is not null)
        {
            model.to(device);
        }

        return CheckpointResult<DecoderModel>.Ok(model);
    }

    private static void Dispose(Dictionary<string, Tensor> tensors)
    {
        foreach (var tensor in tensors.Values)
        {
            tensor.Dispose();
        }
    }

    private static List<string> Copy(DecoderModel model, Dictionary<string, Tensor> weights)
    {
        var errors = new List<string>();
        var expected = model.NamedTensors();
        using var noGrad = no_grad();
        foreach (var (name, parameter) in expected)
        {
            if (!weights.TryGetValue(name, out var stored))
            {
                errors.Add($"tensor '{name}' is missing from the checkpoint");
            }
            else if (!stored.shape.SequenceEqual(parameter.shape))
            {
                errors.Add($"tensor '{name}' has shape [{string.Join(", ", stored.shape)}] in the checkpoint but the config needs " +
                           $"[{string.Join(", ", parameter.shape)}]");
            }
            else
            {
                parameter.copy_(stored);
            }
        }

        var known = expected.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var name in weights.Keys.Where(n => !known.Contains(n)).Order(StringComparer.Ordinal))
        {
            // transformers drops a tied lm_head and old rotary buffers; anything else means another architecture.
            var ignorable = (name == "lm_head.weight" && model.Config.TieWordEmbeddings) ||
                            name.EndsWith(".rotary_emb.inv_freq", StringComparison.Ordinal);
            if (!ignorable)
            {
                errors.Add($"tensor '{name}' in the checkpoint is not part of a {model.Config.ModelType} model with this config");
            }
        }

        return errors;
    }

    /// <summary>
    /// Writes <c>config.json</c> and the weights (in <paramref name="dtype"/>, default the model's; a tied <c>lm_head</c>
    /// is not written) into <paramref name="directory"/>, sharding above <paramref name="maxShardBytes"/>.
    /// </summary>
    public static void Save(
        DecoderModel model, string directory, SafetensorsDtype? dtype = null, long maxShardBytes = SafetensorsCheckpoint.DefaultMaxShardBytes)
    {
        ArgumentNullException.ThrowIfNull(model);
        Directory.CreateDirectory(directory);
        var tensors = model.NamedTensors();
        var stored = dtype ?? SafetensorsDtypes.FromTorch(tensors[0].Value.dtype) ?? SafetensorsDtype.F32;
        var converted = tensors.Select(p => new KeyValuePair<string, Tensor>(p.Key, p.Value.detach().to(SafetensorsDtypes.ToTorch(stored)))).ToList();
        try
        {
            SafetensorsCheckpoint.Save(directory, converted, maxShardBytes);
        }
        finally
        {
            foreach (var (_, tensor) in converted)
            {
                tensor.Dispose();
            }
        }

        var torchDtype = stored switch
        {
            SafetensorsDtype.F16 => "float16",
            SafetensorsDtype.BF16 => "bfloat16",
            _ => "float32",
        };
        DecoderConfigWriter.WriteDirectory(model.Config with { TorchDtype = torchDtype }, directory);
    }
}
