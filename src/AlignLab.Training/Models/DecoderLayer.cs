using TorchSharp;
using static TorchSharp.torch;

namespace AlignLab.Training.Models;

/// <summary>One pre-norm block: x + attn(norm(x)), then + mlp(norm(·)).</summary>
internal sealed class DecoderLayer : nn.Module
{
    private readonly RmsNorm _inputNorm;
    private readonly DecoderAttention _attention;
    private readonly RmsNorm _postAttentionNorm;
    private readonly GatedMlp _mlp;

    public DecoderLayer(DecoderConfig config, int index)
        : base(nameof(DecoderLayer))
    {
        var gemma = config.Architecture == DecoderArchitecture.Gemma;
        _inputNorm = new RmsNorm(config.HiddenSize, config.RmsNormEps, gemma);
        _attention = new DecoderAttention(config, index);
        _postAttentionNorm = new RmsNorm(config.HiddenSize, config.RmsNormEps, gemma);
        _mlp = new GatedMlp(config);
        register_module("input_layernorm", _inputNorm);
        register_module("self_attn", _attention);
        register_module("post_attention_layernorm", _postAttentionNorm);
        register_module("mlp", _mlp);
    }

    public Tensor Forward(Tensor hidden, Tensor cos, Tensor sin, KvCache? cache)
    {
        var attended = hidden + _attention.Forward(_inputNorm.forward(hidden), cos, sin, cache);
        return attended + _mlp.forward(_postAttentionNorm.forward(attended));
    }
}
