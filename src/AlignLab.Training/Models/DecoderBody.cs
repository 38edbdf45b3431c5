using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AlignLab.Training.Models;

/// <summary>transformers' <c>model</c> submodule: embed_tokens, layers.N, norm.</summary>
internal sealed class DecoderBody : nn.Module
{
    private readonly DecoderConfig _config;
    private readonly ModuleList<DecoderLayer> _layers;
    private readonly RmsNorm _norm;
    private readonly RotaryEmbedding _rotary;

    public DecoderBody(DecoderConfig config)
        : base(nameof(DecoderBody))
    {
        _config = config;
        Embeddings = nn.Embedding(config.VocabSize, config.HiddenSize);
        _layers = nn.ModuleList([.. Enumerable.Range(0, config.NumHiddenLayers).Select(i => new DecoderLayer(config, i))]);
        _norm = new RmsNorm(config.HiddenSize, config.RmsNormEps, config.Architecture == DecoderArchitecture.Gemma);
        _rotary = new RotaryEmbedding(config);
        register_module("embed_tokens", Embeddings);
        register_module("layers", _layers);
        register_module("norm", _norm);
    }

    public Embedding Embeddings { get; }

    /// <summary>The final normalised hidden states [batch, length, hidden].</summary>
    public Tensor Forward(Tensor inputIds, KvCache? cache)
    {
        var hidden = Embeddings.forward(inputIds);
        if (_config.Architecture == DecoderArchitecture.Gemma)
        {
            // transformers builds the normaliser in the activation dtype, so bf16 rounds √3072 = 55.43 to 55.5 on purpose.
            hidden = hidden * tensor(Math.Sqrt(_config.HiddenSize), dtype: hidden.dtype, device: hidden.device);
        }

        var (cos, sin) = _rotary.Angles(cache?.Length ?? 0, inputIds.shape[1], hidden.dtype, hidden.device);
        foreach (var layer in _layers)
        {
            hidden = layer.Forward(hidden, cos, sin, cache);
        }

        return _norm.forward(hidden);
    }
}
