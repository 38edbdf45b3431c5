using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AlignLab.Training.Models;

/// <summary>
/// A decoder-only causal language model (transformers' *ForCausalLM) whose parameters carry Hugging Face state-dict
/// names (<c>model.layers.0.self_attn.q_proj.weight</c>, …; <c>lm_head.weight</c> only when not tied), so a checkpoint
/// folder loads into it by name. Built randomly initialised (normal, std 0.02; norms at their identity) from a config;
/// <see cref="DecoderCheckpoint"/> loads and saves folders.
/// </summary>
public sealed class DecoderModel : nn.Module
{
    private readonly DecoderBody _body;
    private readonly Linear? _head;

    /// <summary>A randomly initialised model (seed with <c>torch.manual_seed</c>) on the CPU in fp32.</summary>
    /// <exception cref="ArgumentException">The config is invalid (the message lists every problem).</exception>
    public DecoderModel(DecoderConfig config)
        : base(nameof(DecoderModel))
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = DecoderConfigValidator.Validate(config);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(config));
        }

        Config = config;
        _body = new DecoderBody(config);
        register_module("model", _body);
        if (!config.TieWordEmbeddings)
        {
            _head = nn.Linear(config.HiddenSize, config.VocabSize, hasBias: false);
            register_module("lm_head", _head);
        }

        Initialise();
    }

    /// <summary>The configuration the model was built from.</summary>
    public DecoderConfig Config { get; }

    /// <summary>
    /// Logits [batch, length, vocab] for <paramref name="inputIds"/> [batch, length] (int64). With a cache, the ids are the
    /// positions after those the cache holds, and their keys and values are appended to it.
    /// </summary>
    public Tensor Forward(Tensor inputIds, KvCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(inputIds);
        var hidden = _body.Forward(inputIds, cache);
        return _head is null ? hidden.matmul(_body.Embeddings.weight!.t()) : _head.forward(hidden);
    }

    /// <summary>The final normalised hidden states [batch, length, hidden] (what the LM head and a reward head read).</summary>
    internal Tensor Hidden(Tensor inputIds) => _body.Forward(inputIds, null);

    /// <summary>A fresh cache sized for this model.</summary>
    public KvCache CreateCache() => new(Config.NumHiddenLayers);

    /// <summary>The parameters by Hugging Face name, in state-dict order.</summary>
    public IReadOnlyList<KeyValuePair<string, Tensor>> NamedTensors() =>
        [.. named_parameters().Select(p => new KeyValuePair<string, Tensor>(p.name, p.parameter))];

    private void Initialise()
    {
        using var noGrad = no_grad();
        foreach (var (name, parameter) in named_parameters())
        {
            if (name.EndsWith("norm.weight", StringComparison.Ordinal))
            {
                continue; // ones (Llama/Qwen2) or zeros (Gemma), as constructed
            }

            if (name.EndsWith(".bias", StringComparison.Ordinal))
            {
                parameter.zero_();
            }
            else
            {
                nn.init.normal_(parameter, 0, 0.02);
            }
        }
    }
}
