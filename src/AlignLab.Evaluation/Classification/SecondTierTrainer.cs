using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AlignLab.Classification;

/// <summary>
/// Trains the <see cref="SecondTier"/> network on hashed feature buckets: AdaGrad on the weighted log-loss of the
/// unsafe label, single-threaded in a seeded order, so a rerun reproduces it bit for bit. Embedding rows of buckets
/// that no training feature reaches are zeroed at the end (an unseen feature then adds nothing).
/// </summary>
internal sealed class SecondTierTrainer(TrainingOptions options, float positiveWeight)
{
    private const int H = SecondTier.HiddenUnits;

    private float[] _embedding = [];
    private readonly float[] _hiddenBias = new float[H];
    private readonly float[] _outputWeights = new float[H];
    private float _outputBias;

    /// <summary>Trains on (buckets, unsafe, weight) rows; returns this trainer holding the network.</summary>
    public SecondTierTrainer Train(IReadOnlyList<(int[] Buckets, bool Unsafe, float Weight)> rows, int buckets, CancellationToken cancellationToken)
    {
        var random = new Random(options.Seed + 1);
        _embedding = new float[buckets * H];
        for (var i = 0; i < _embedding.Length; i++)
        {
            _embedding[i] = (float)((random.NextDouble() - 0.5) * 0.2);
        }

        for (var j = 0; j < H; j++)
        {
            _outputWeights[j] = (float)((random.NextDouble() - 0.5) * 0.2);
        }

        var touched = new bool[buckets];
        foreach (var row in rows)
        {
            foreach (var b in row.Buckets)
            {
                touched[b] = true;
            }
        }

        var gradSq = new float[_embedding.Length];
        var hiddenBiasSq = new float[H];
        var outputSq = new float[H];
        var outputBiasSq = 0f;
        var lr = options.SecondTierLearningRate;
        var lrV = Vector256.Create(lr);
        var eps = Vector256.Create(1e-6f);
        var order = Enumerable.Range(0, rows.Count).ToArray();
        Span<float> pre = stackalloc float[H];
        Span<float> dh = stackalloc float[H];
        for (var epoch = 0; epoch < options.SecondTierEpochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var n in order)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (features, isUnsafe, weight) = rows[n];
                var scale = features.Length == 0 ? 0f : 1f / MathF.Sqrt(features.Length);
                var (h0, h1) = Sum(features);
                var z = Forward(h0, h1, scale, pre);
                var p = SafetyModel.Sigmoid(z);
                var g = (p - (isUnsafe ? 1f : 0f)) * weight * (isUnsafe ? positiveWeight : 1f);

                outputBiasSq += g * g;
                _outputBias -= lr * g / (MathF.Sqrt(outputBiasSq) + 1e-6f);
                for (var j = 0; j < H; j++)
                {
                    var active = pre[j] > 0;
                    dh[j] = active ? g * _outputWeights[j] : 0f;
                    var gw = active ? g * pre[j] : 0f;
                    outputSq[j] += gw * gw;
                    _outputWeights[j] -= lr * gw / (MathF.Sqrt(outputSq[j]) + 1e-6f);
                    hiddenBiasSq[j] += dh[j] * dh[j];
                    _hiddenBias[j] -= lr * dh[j] / (MathF.Sqrt(hiddenBiasSq[j]) + 1e-6f);
                }

                var d0 = Vector256.Create((ReadOnlySpan<float>)dh[..8]) * scale;
                var d1 = Vector256.Create((ReadOnlySpan<float>)dh[8..]) * scale;
                foreach (var b in features)
                {
                    ref var e = ref MemoryMarshal.GetArrayDataReference(_embedding);
                    ref var s = ref MemoryMarshal.GetArrayDataReference(gradSq);
                    var offset = (nuint)(b * H);
                    Step(ref e, ref s, offset, d0, lrV, eps);
                    Step(ref e, ref s, offset + 8, d1, lrV, eps);
                }
            }
        }

        for (var b = 0; b < buckets; b++)
        {
            if (!touched[b])
            {
                Array.Clear(_embedding, b * H, H);
            }
        }

        return this;
    }

    /// <summary>The network's logit for a row of feature buckets.</summary>
    public float Logit(int[] features)
    {
        var (h0, h1) = Sum(features);
        Span<float> pre = stackalloc float[H];
        return Forward(h0, h1, features.Length == 0 ? 0f : 1f / MathF.Sqrt(features.Length), pre);
    }

    /// <summary>The trained network as a model tier.</summary>
    public SecondTier ToSecondTier(float plattA, float plattB, float bandLow, float bandHigh, float unsafeThreshold) =>
        new(_embedding, (float[])_hiddenBias.Clone(), (float[])_outputWeights.Clone(), _outputBias, plattA, plattB, bandLow, bandHigh, unsafeThreshold);

    private static void Step(ref float e, ref float s, nuint offset, Vector256<float> g, Vector256<float> lr, Vector256<float> eps)
    {
        if (g == Vector256<float>.Zero)
        {
            return;
        }

        var sq = Vector256.LoadUnsafe(ref s, offset) + (g * g);
        sq.StoreUnsafe(ref s, offset);
        (Vector256.LoadUnsafe(ref e, offset) - (lr * g / (Vector256.Sqrt(sq) + eps))).StoreUnsafe(ref e, offset);
    }

    private (Vector256<float> H0, Vector256<float> H1) Sum(int[] features)
    {
        var sink = new HiddenSink(_embedding);
        foreach (var b in features)
        {
            sink.Add(b, 0, 0);
        }

        return (sink.H0, sink.H1);
    }

    /// <summary>Hidden activations into <paramref name="activations"/> (after ReLU) and the output logit.</summary>
    private float Forward(Vector256<float> h0, Vector256<float> h1, float scale, Span<float> activations)
    {
        var z = _outputBias;
        for (var j = 0; j < H; j++)
        {
            var v = ((j < 8 ? h0[j] : h1[j - 8]) * scale) + _hiddenBias[j];
            activations[j] = Math.Max(0f, v);
            z += _outputWeights[j] * activations[j];
        }

        return z;
    }
}
