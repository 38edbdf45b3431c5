namespace AlignLab.Training.Models;

/// <summary>
/// A decoder-only model's <c>config.json</c> (Hugging Face field names in the comments). Built by
/// <see cref="DecoderConfigReader"/>, which fills transformers' per-architecture defaults, or by hand and checked with
/// <see cref="DecoderConfigValidator"/>.
/// </summary>
public sealed record DecoderConfig
{
    /// <summary><c>model_type</c>.</summary>
    public required DecoderArchitecture Architecture { get; init; }

    /// <summary><c>vocab_size</c>.</summary>
    public required int VocabSize { get; init; }

    /// <summary><c>hidden_size</c>.</summary>
    public required int HiddenSize { get; init; }

    /// <summary><c>intermediate_size</c>.</summary>
    public required int IntermediateSize { get; init; }

    /// <summary><c>num_hidden_layers</c>.</summary>
    public required int NumHiddenLayers { get; init; }

    /// <summary><c>num_attention_heads</c>.</summary>
    public required int NumAttentionHeads { get; init; }

    /// <summary><c>num_key_value_heads</c> (grouped-query attention when fewer than the heads).</summary>
    public required int NumKeyValueHeads { get; init; }

    /// <summary><c>head_dim</c> (hidden / heads unless given; Gemma's default is 256).</summary>
    public required int HeadDim { get; init; }

    /// <summary><c>hidden_act</c> (Gemma: <c>hidden_activation</c>): silu, gelu, gelu_pytorch_tanh.</summary>
    public required string HiddenAct { get; init; }

    /// <summary><c>max_position_embeddings</c>.</summary>
    public int MaxPositionEmbeddings { get; init; } = 2048;

    /// <summary><c>rms_norm_eps</c>.</summary>
    public double RmsNormEps { get; init; } = 1e-6;

    /// <summary><c>rope_theta</c>.</summary>
    public double RopeTheta { get; init; } = 10_000;

    /// <summary><c>rope_scaling</c>, or null for plain RoPE.</summary>
    public RopeScaling? RopeScaling { get; init; }

    /// <summary><c>tie_word_embeddings</c>: the output layer reuses the embedding matrix.</summary>
    public bool TieWordEmbeddings { get; init; }

    /// <summary><c>attention_bias</c> (Llama: biases on q/k/v/o). Qwen2 always has q/k/v biases, whatever this says.</summary>
    public bool AttentionBias { get; init; }

    /// <summary><c>bos_token_id</c>.</summary>
    public int? BosTokenId { get; init; }

    /// <summary><c>eos_token_id</c> (an int or a list in the file).</summary>
    public IReadOnlyList<int> EosTokenIds { get; init; } = [];

    /// <summary><c>pad_token_id</c>.</summary>
    public int? PadTokenId { get; init; }

    /// <summary><c>torch_dtype</c> / <c>dtype</c> of the stored weights: float32, float16 or bfloat16.</summary>
    public string TorchDtype { get; init; } = "float32";

    /// <summary>Whether q/k/v projections carry a bias.</summary>
    public bool QkvBias => Architecture == DecoderArchitecture.Qwen2 || AttentionBias;

    /// <summary>Whether the output projection carries a bias.</summary>
    public bool OutputBias => Architecture == DecoderArchitecture.Llama && AttentionBias;

    /// <summary>The <c>model_type</c> text.</summary>
    public string ModelType => Architecture switch
    {
        DecoderArchitecture.Qwen2 => "qwen2",
        DecoderArchitecture.Gemma => "gemma",
        _ => "llama",
    };

    /// <summary>The transformers class in <c>architectures</c>.</summary>
    public string ArchitectureClass => Architecture switch
    {
        DecoderArchitecture.Qwen2 => "Qwen2ForCausalLM",
        DecoderArchitecture.Gemma => "GemmaForCausalLM",
        _ => "LlamaForCausalLM",
    };

    /// <summary>The number of parameters the config describes, or null when it overflows a 64-bit count.</summary>
    public long? ParameterCount()
    {
        try
        {
            long hidden = HiddenSize, q = checked((long)NumAttentionHeads * HeadDim), kv = checked((long)NumKeyValueHeads * HeadDim);
            var attention = checked((hidden * q * 2) + (hidden * kv * 2) + (QkvBias ? q + (2 * kv) : 0) + (OutputBias ? hidden : 0));
            var layer = checked(attention + (3 * hidden * IntermediateSize) + (2 * hidden));
            var embeddings = checked((long)VocabSize * hidden);
            return checked((layer * NumHiddenLayers) + embeddings + hidden + (TieWordEmbeddings ? 0 : embeddings));
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>A small random-initialisable configuration (for tests and <c>alignlab model init</c>).</summary>
    public static DecoderConfig Tiny(
        DecoderArchitecture architecture, int layers = 2, int width = 64, int heads = 4, int kvHeads = 2, int vocab = 259) =>
        new()
        {
            Architecture = architecture,
            VocabSize = vocab,
            HiddenSize = width,
            IntermediateSize = width * 2,
            NumHiddenLayers = layers,
            NumAttentionHeads = heads,
            NumKeyValueHeads = kvHeads,
            HeadDim = width / heads,
            HiddenAct = architecture == DecoderArchitecture.Gemma ? "gelu_pytorch_tanh" : "silu",
            MaxPositionEmbeddings = 256,
            TieWordEmbeddings = architecture == DecoderArchitecture.Gemma,
            BosTokenId = 1,
            EosTokenIds = [2],
            PadTokenId = 0,
        };
}
