using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AlignLab.Training.Models;

/// <summary>
/// Grouped-query self-attention: q/k/v projections (Qwen2: with biases), rotary embeddings, an optional KV cache, each
/// key/value head serving heads / kv_heads consecutive query heads, causal mask, softmax in fp32, output projection.
/// </summary>
internal sealed class DecoderAttention : nn.Module
{
    private readonly int _layer;
    private readonly int _heads;
    private readonly int _kvHeads;
    private readonly int _headDim;
    private readonly Linear _q;
    private readonly Linear _k;
    private readonly Linear _v;
    private readonly Linear _o;

    public DecoderAttention(DecoderConfig config, int layer)
        : base(nameof(DecoderAttention))
    {
        _layer = layer;
        _heads = config.NumAttentionHeads;
        _kvHeads = config.NumKeyValueHeads;
        _headDim = config.HeadDim;
        _q = nn.Linear(config.HiddenSize, _heads * _headDim, config.QkvBias);
        _k = nn.Linear(config.HiddenSize, _kvHeads * _headDim, config.QkvBias);
        _v = nn.Linear(config.HiddenSize, _kvHeads * _headDim, config.QkvBias);
        _o = nn.Linear(_heads * _headDim, config.HiddenSize, config.OutputBias);
        register_module("q_proj", _q);
        register_module("k_proj", _k);
        register_module("v_proj", _v);
        register_module("o_proj", _o);
    }

    // The projections run through call(), not forward(), so forward hooks (LoRA adapters, Lora/LoraAdapter) apply.
    public Tensor Forward(Tensor hidden, Tensor cos, Tensor sin, KvCache? cache)
    {
        long batch = hidden.shape[0], length = hidden.shape[1];
        var q = RotaryEmbedding.Apply(_q.call(hidden).view(batch, length, _heads, _headDim).transpose(1, 2), cos, sin);
        var k = RotaryEmbedding.Apply(_k.call(hidden).view(batch, length, _kvHeads, _headDim).transpose(1, 2), cos, sin);
        var v = _v.call(hidden).view(batch, length, _kvHeads, _headDim).transpose(1, 2);
        var past = 0L;
        if (cache is not null)
        {
            past = cache.Length;
            (k, v) = cache.Append(_layer, k, v);
        }

        if (_heads != _kvHeads)
        {
            k = k.repeat_interleave(_heads / _kvHeads, dim: 1);
            v = v.repeat_interleave(_heads / _kvHeads, dim: 1);
        }

        var scores = q.matmul(k.transpose(2, 3)) * (1.0 / Math.Sqrt(_headDim));
        if (length > 1)
        {
            // Position past + i sees keys 0..past + i.
            var mask = ones(length, past + length, dtype: ScalarType.Bool, device: hidden.device).triu(past + 1);
            scores = scores.masked_fill(mask, double.NegativeInfinity);
        }

        var weights = scores.softmax(-1, ScalarType.Float32).to(q.dtype);
        var output = weights.matmul(v).transpose(1, 2).reshape(batch, length, _heads * _headDim);
        return _o.call(output);
    }
}
