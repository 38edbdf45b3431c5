using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AlignLab.Training.Models;

/// <summary>
/// Root-mean-square normalisation in fp32. Llama/Qwen2: weight (ones) × the normalised value cast back to the input type;
/// Gemma: normalised × (1 + weight) (weight starts at zeros) before the cast, as transformers does.
/// </summary>
internal sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    private readonly double _eps;
    private readonly bool _offset;

    public RmsNorm(long size, double eps, bool gemma)
        : base(nameof(RmsNorm))
    {
        _eps = eps;
        _offset = gemma;
        Weight = nn.Parameter(gemma ? zeros(size) : ones(size));
        register_parameter("weight", Weight);
    }

    public Parameter Weight { get; }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input.to(ScalarType.Float32);
        var normalised = x * rsqrt(x.pow(2).mean([-1], keepdim: true) + _eps);
        var output = _offset
            ? (normalised * (Weight.to(ScalarType.Float32) + 1)).to(input.dtype)
            : Weight * normalised.to(input.dtype);
        return output.MoveToOuterDisposeScope();
    }
}
