using System.Globalization;
using AlignLab.Training.Checkpoints;
using AlignLab.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace AlignLab.Training.Export;

/// <summary>
/// Writes a Hugging Face checkpoint folder (config.json, safetensors, byte-level BPE tokenizer.json) as a GGUF file that
/// llama.cpp, and so LLamaSharp and the <c>llama:</c> provider, load: the arch's hyper-parameters, the tokenizer with its chat
/// template, and the weights under llama.cpp's tensor names (<c>token_embd</c>, <c>blk.N.attn_q</c>, …) in f16, q8_0 or f32.
/// Llama's q/k rows are permuted from transformers' rotate-half layout to llama.cpp's interleaved RoPE; Gemma's norms get
/// their +1 baked in; a llama3 RoPE scaling becomes the <c>rope_freqs.weight</c> tensor.
/// </summary>
public static class GgufExporter
{
    /// <summary>
    /// Exports <paramref name="modelDirectory"/> to <paramref name="outputPath"/>. Errors (no or unsupported tokenizer, a
    /// missing or wrongly shaped tensor naming it and both shapes, an unreadable checkpoint, a layout llama.cpp does not run)
    /// are returned, never thrown; nothing is written then.
    /// </summary>
    public static CheckpointResult<GgufExportResult> Export(
        string modelDirectory, string outputPath, GgufQuantization quantization = GgufQuantization.F16)
    {
        ArgumentNullException.ThrowIfNull(modelDirectory);
        ArgumentNullException.ThrowIfNull(outputPath);
        var config = DecoderConfigReader.ReadDirectory(modelDirectory);
        if (config.Value is null)
        {
            return CheckpointResult<GgufExportResult>.Fail(config.Errors);
        }

        var errors = Unsupported(config.Value);
        if (errors.Count > 0)
        {
            return CheckpointResult<GgufExportResult>.Fail(errors);
        }

        var vocabulary = GgufVocabulary.Read(modelDirectory, config.Value.VocabSize);
        if (vocabulary.Value is null)
        {
            return CheckpointResult<GgufExportResult>.Fail(vocabulary.Errors);
        }

        var loaded = DecoderCheckpoint.Load(modelDirectory);
        if (loaded.Value is null)
        {
            return CheckpointResult<GgufExportResult>.Fail(loaded.Errors);
        }

        using var model = loaded.Value;
        var writer = new GgufFileWriter();
        var arch = config.Value.ModelType;
        WriteMetadata(writer, config.Value, vocabulary.Value, quantization, Path.GetFileName(Path.GetFullPath(modelDirectory).TrimEnd('/')));
        WriteTensors(writer, model, quantization);
        var directory = Path.GetDirectoryName(Path.GetFullPath(outputPath));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        writer.WriteTo(outputPath);
        return CheckpointResult<GgufExportResult>.Ok(new GgufExportResult(
            Path.GetFullPath(outputPath), arch, writer.TensorCount, new FileInfo(outputPath).Length, vocabulary.Value.Tokens.Count));
    }

    /// <summary>What llama.cpp's graph for the arch cannot reproduce.</summary>
    private static List<string> Unsupported(DecoderConfig config)
    {
        var errors = new List<string>();
        var act = config.HiddenAct;
        if (config.Architecture == DecoderArchitecture.Gemma)
        {
            if (act is not ("gelu_pytorch_tanh" or "gelu"))
            {
                errors.Add($"hidden_act '{act}': llama.cpp's gemma graph uses the tanh GELU");
            }

            if (!config.TieWordEmbeddings)
            {
                errors.Add("tie_word_embeddings false: llama.cpp's gemma graph always reuses the embedding as the output layer");
            }
        }
        else if (act != "silu")
        {
            errors.Add($"hidden_act '{act}': llama.cpp's {config.ModelType} graph uses SiLU");
        }

        if (config.RopeScaling is { } scaling && !(scaling.Type == "linear" ||
            (scaling.Type == "llama3" && config.Architecture == DecoderArchitecture.Llama)))
        {
            errors.Add($"rope_scaling '{scaling.Type}' cannot be exported for {config.ModelType} (linear everywhere, llama3 for llama)");
        }

        return errors;
    }

    private static void WriteMetadata(
        GgufFileWriter w, DecoderConfig c, GgufVocabulary vocabulary, GgufQuantization quantization, string name)
    {
        var arch = c.ModelType;
        w.Add("general.architecture", arch)
            .Add("general.name", name.Length == 0 ? "alignlab-model" : name)
            .Add("general.alignment", GgufFileWriter.Alignment)
            .Add("general.file_type", quantization switch { GgufQuantization.F32 => 0u, GgufQuantization.F16 => 1u, _ => 7u });
        if (quantization == GgufQuantization.Q8_0)
        {
            w.Add("general.quantization_version", 2u);
        }

        w.Add($"{arch}.context_length", (uint)c.MaxPositionEmbeddings)
            .Add($"{arch}.embedding_length", (uint)c.HiddenSize)
            .Add($"{arch}.block_count", (uint)c.NumHiddenLayers)
            .Add($"{arch}.feed_forward_length", (uint)c.IntermediateSize)
            .Add($"{arch}.attention.head_count", (uint)c.NumAttentionHeads)
            .Add($"{arch}.attention.head_count_kv", (uint)c.NumKeyValueHeads)
            .Add($"{arch}.attention.key_length", (uint)c.HeadDim)
            .Add($"{arch}.attention.value_length", (uint)c.HeadDim)
            .Add($"{arch}.attention.layer_norm_rms_epsilon", (float)c.RmsNormEps)
            .Add($"{arch}.rope.dimension_count", (uint)c.HeadDim)
            .Add($"{arch}.rope.freq_base", (float)c.RopeTheta)
            .Add($"{arch}.vocab_size", (uint)c.VocabSize);
        if (c.RopeScaling is { Type: "linear", Factor: { } factor })
        {
            w.Add($"{arch}.rope.scaling.type", "linear").Add($"{arch}.rope.scaling.factor", (float)factor);
        }

        w.Add("tokenizer.ggml.model", "gpt2")
            .Add("tokenizer.ggml.tokens", vocabulary.Tokens)
            .Add("tokenizer.ggml.token_type", vocabulary.TokenTypes)
            .Add("tokenizer.ggml.merges", vocabulary.Merges)
            .Add("tokenizer.ggml.add_bos_token", vocabulary.AddBosToken)
            .Add("tokenizer.ggml.add_eos_token", false);
        if (vocabulary.PreTokenizer is { } pre)
        {
            w.Add("tokenizer.ggml.pre", pre);
        }

        if (c.BosTokenId is { } bos)
        {
            w.Add("tokenizer.ggml.bos_token_id", (uint)bos);
        }

        if (c.EosTokenIds.Count > 0)
        {
            w.Add("tokenizer.ggml.eos_token_id", (uint)c.EosTokenIds[0]);
        }

        if (c.PadTokenId is { } pad)
        {
            w.Add("tokenizer.ggml.padding_token_id", (uint)pad);
        }

        if (vocabulary.ChatTemplate is { } template)
        {
            w.Add("tokenizer.chat_template", template);
        }
    }

    private static void WriteTensors(GgufFileWriter w, DecoderModel model, GgufQuantization quantization)
    {
        var c = model.Config;
        foreach (var (hfName, parameter) in model.NamedTensors())
        {
            var name = GgufName(hfName)
                ?? throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"no GGUF name for tensor '{hfName}'"));
            var tensor = parameter; // captured: converted when the writer reaches it
            var isNorm = name.EndsWith("_norm.weight", StringComparison.Ordinal);
            var dims = tensor.shape.Reverse().ToArray();
            var type = isNorm || dims.Length < 2 || quantization == GgufQuantization.F32 ? GgmlType.F32
                : quantization == GgufQuantization.Q8_0 && dims[0] % GgmlTypes.Q8Block == 0 ? GgmlType.Q8_0
                : GgmlType.F16;
            var heads = hfName.Contains(".q_proj.", StringComparison.Ordinal) ? c.NumAttentionHeads
                : hfName.Contains(".k_proj.", StringComparison.Ordinal) ? c.NumKeyValueHeads
                : 0;
            var permute = c.Architecture == DecoderArchitecture.Llama && heads > 0;
            var addOne = c.Architecture == DecoderArchitecture.Gemma && isNorm;
            w.Tensor(name, dims, type, () => GgmlTypes.Encode(type, Values(tensor, permute ? heads : 0, addOne)));
        }

        if (c.RopeScaling is { Type: "llama3" } llama3)
        {
            var factors = Llama3RopeFactors(c, llama3);
            w.Tensor("rope_freqs.weight", [factors.Length], GgmlType.F32, () => GgmlTypes.Encode(GgmlType.F32, factors));
        }
    }

    /// <summary>The values in ggml's order: row-major, with llama's q/k rows permuted per head (0, d/2, 1, d/2+1, …).</summary>
    private static float[] Values(Tensor parameter, int permuteHeads, bool addOne)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var t = parameter.detach().cpu().to_type(ScalarType.Float32);
        if (permuteHeads > 0)
        {
            var shape = t.shape;
            var headDim = shape[0] / permuteHeads;
            var rest = shape.Skip(1).ToArray();
            t = t.reshape([permuteHeads, 2, headDim / 2, .. rest]).swapaxes(1, 2).reshape(shape);
        }

        if (addOne)
        {
            t = t + 1;
        }

        return t.contiguous().data<float>().ToArray();
    }

    /// <summary>llama.cpp's per-frequency divisors for a llama3 RoPE scaling (convert_hf_to_gguf's generate_extra_tensors).</summary>
    private static float[] Llama3RopeFactors(DecoderConfig c, RopeScaling s)
    {
        var factor = s.Factor ?? 1;
        var low = s.LowFreqFactor ?? 1;
        var high = s.HighFreqFactor ?? 4;
        var original = s.OriginalMaxPositionEmbeddings ?? 8192;
        var lowWavelength = original / low;
        var highWavelength = original / high;
        var factors = new float[c.HeadDim / 2];
        for (var i = 0; i < factors.Length; i++)
        {
            var frequency = 1.0 / Math.Pow(c.RopeTheta, 2.0 * i / c.HeadDim);
            var wavelength = 2 * Math.PI / frequency;
            if (wavelength < highWavelength)
            {
                factors[i] = 1;
            }
            else if (wavelength > lowWavelength)
            {
                factors[i] = (float)factor;
            }
            else
            {
                var smooth = ((original / wavelength) - low) / (high - low);
                factors[i] = (float)(1 / (((1 - smooth) / factor) + smooth));
            }
        }

        return factors;
    }

    /// <summary>llama.cpp's name for a transformers state-dict key, or null for one it has no slot for.</summary>
    internal static string? GgufName(string hfName)
    {
        switch (hfName)
        {
            case "model.embed_tokens.weight":
                return "token_embd.weight";
            case "model.norm.weight":
                return "output_norm.weight";
            case "lm_head.weight":
                return "output.weight";
        }

        const string prefix = "model.layers.";
        if (!hfName.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var dot = hfName.IndexOf('.', prefix.Length);
        var layer = hfName[prefix.Length..dot];
        var rest = hfName[(dot + 1)..];
        var suffix = rest.EndsWith(".bias", StringComparison.Ordinal) ? "bias" : "weight";
        var part = rest[..rest.LastIndexOf('.')] switch
        {
            "input_layernorm" => "attn_norm",
            "post_attention_layernorm" => "ffn_norm",
            "self_attn.q_proj" => "attn_q",
            "self_attn.k_proj" => "attn_k",
            "self_attn.v_proj" => "attn_v",
            "self_attn.o_proj" => "attn_output",
            "mlp.gate_proj" => "ffn_gate",
            "mlp.up_proj" => "ffn_up",
            "mlp.down_proj" => "ffn_down",
            _ => null,
        };
        return part is null ? null : $"blk.{layer}.{part}.{suffix}";
    }
}
