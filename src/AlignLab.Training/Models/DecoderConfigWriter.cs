using System.Text.Json;

namespace AlignLab.Training.Models;

/// <summary>Writes a <see cref="DecoderConfig"/> as transformers' <c>config.json</c> (legacy rope fields, read by v4 and v5).</summary>
public static class DecoderConfigWriter
{
    /// <summary>Writes <c>config.json</c> into <paramref name="directory"/>.</summary>
    public static void WriteDirectory(DecoderConfig config, string directory) =>
        File.WriteAllText(Path.Combine(directory, DecoderConfigReader.FileName), ToJson(config));

    /// <summary>The JSON text.</summary>
    public static string ToJson(DecoderConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartArray("architectures");
            w.WriteStringValue(config.ArchitectureClass);
            w.WriteEndArray();
            w.WriteString("model_type", config.ModelType);
            w.WriteNumber("vocab_size", config.VocabSize);
            w.WriteNumber("hidden_size", config.HiddenSize);
            w.WriteNumber("intermediate_size", config.IntermediateSize);
            w.WriteNumber("num_hidden_layers", config.NumHiddenLayers);
            w.WriteNumber("num_attention_heads", config.NumAttentionHeads);
            w.WriteNumber("num_key_value_heads", config.NumKeyValueHeads);
            w.WriteNumber("head_dim", config.HeadDim);
            w.WriteString("hidden_act", config.HiddenAct);
            if (config.Architecture == Models.DecoderArchitecture.Gemma)
            {
                w.WriteString("hidden_activation", config.HiddenAct);
            }

            w.WriteNumber("max_position_embeddings", config.MaxPositionEmbeddings);
            w.WriteNumber("rms_norm_eps", config.RmsNormEps);
            w.WriteNumber("rope_theta", config.RopeTheta);
            WriteScaling(w, config.RopeScaling);
            w.WriteBoolean("tie_word_embeddings", config.TieWordEmbeddings);
            w.WriteBoolean("attention_bias", config.AttentionBias);
            WriteId(w, "bos_token_id", config.BosTokenId);
            if (config.EosTokenIds.Count == 1)
            {
                w.WriteNumber("eos_token_id", config.EosTokenIds[0]);
            }
            else
            {
                w.WriteStartArray("eos_token_id");
                foreach (var id in config.EosTokenIds)
                {
                    w.WriteNumberValue(id);
                }

                w.WriteEndArray();
            }

            WriteId(w, "pad_token_id", config.PadTokenId);
            w.WriteString("torch_dtype", config.TorchDtype);
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteScaling(Utf8JsonWriter w, RopeScaling? scaling)
    {
        if (scaling is null)
        {
            w.WriteNull("rope_scaling");
            return;
        }

        w.WriteStartObject("rope_scaling");
        w.WriteString("rope_type", scaling.Type);
        WriteNumber(w, "factor", scaling.Factor);
        WriteNumber(w, "original_max_position_embeddings", scaling.OriginalMaxPositionEmbeddings);
        WriteNumber(w, "low_freq_factor", scaling.LowFreqFactor);
        WriteNumber(w, "high_freq_factor", scaling.HighFreqFactor);
        w.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } number)
        {
            w.WriteNumber(name, number);
        }
    }

    private static void WriteId(Utf8JsonWriter w, string name, int? id)
    {
        if (id is { } value)
        {
            w.WriteNumber(name, value);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
