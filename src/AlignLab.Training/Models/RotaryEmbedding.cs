using TorchSharp;
using static TorchSharp.torch;

namespace AlignLab.Training.Models;

/// <summary>
/// Rotary position embeddings in transformers' rotate_half layout (pairs i and i + d/2 of each head), with the inverse
/// frequencies of <c>rope_theta</c> and optional linear or llama3 scaling.
/// </summary>
internal sealed class RotaryEmbedding
{
    private readonly float[] _inverseFrequencies;

    public RotaryEmbedding(DecoderConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _inverseFrequencies = InverseFrequencies(config.HeadDim, config.RopeTheta, config.RopeScaling);
    }

    /// <summary>inv_freq[i] = 1 / theta^(2i/d), then scaled.</summary>
    internal static float[] InverseFrequencies(int headDim, double theta, RopeScaling? scaling)
    {
        var result = new float[headDim / 2];
        for (var i = 0; i < result.Length; i++)
        {
            var inverse = 1.0 / Math.Pow(theta, 2.0 * i / headDim);
            result[i] = (float)Scale(inverse, scaling);
        }

        return result;
    }

    private static double Scale(double inverse, RopeScaling? scaling)
    {
        if (scaling is null)
        {
            return inverse;
        }

        var factor = scaling.Factor ?? 1;
        if (scaling.Type == "linear")
        {
            return inverse / factor;
        }

        // llama3: long wavelengths are divided by the factor, short ones kept, the band between interpolated.
        var context = (double)scaling.OriginalMaxPositionEmbeddings!.Value;
        double low = scaling.LowFreqFactor!.Value, high = scaling.HighFreqFactor!.Value;
        var wavelength = 2 * Math.PI / inverse;
        if (wavelength > context / low)
        {
            return inverse / factor;
        }

        if (wavelength < context / high)
        {
            return inverse;
        }

        var smooth = ((context / wavelength) - low) / (high - low);
        return ((1 - smooth) * inverse / factor) + (smooth * inverse);
    }

    /// <summary>cos and sin for positions start..start+length, shaped [length, head_dim], in <paramref name="type"/>.</summary>
    public (Tensor Cos, Tensor Sin) Angles(long start, long length, ScalarType type, Device device)
    {
        using var scope = NewDisposeScope();
        var positions = arange(start, start + length, dtype: ScalarType.Float32, device: device);
        var frequencies = outer(positions, tensor(_inverseFrequencies, device: device));
        var angles = cat([frequencies, frequencies], -1);
        return (angles.cos().to(type).MoveToOuterDisposeScope(), angles.sin().to(type).MoveToOuterDisposeScope());
    }

    /// <summary>x·cos + rotate_half(x)·sin, for x shaped [batch, heads, length, head_dim].</summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        var half = x.shape[^1] / 2;
        var rotated = cat([-x[TensorIndex.Ellipsis, TensorIndex.Slice(half)], x[TensorIndex.Ellipsis, TensorIndex.Slice(0, half)]], -1);
        return (x * cos) + (rotated * sin);
    }
}
