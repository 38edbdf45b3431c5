using System.Runtime.Intrinsics;

namespace AlignLab.Classification;

/// <summary>
/// The second tier of the unsafe output: a one-hidden-layer network over the same hashed n-gram features
/// (an embedding bag of <see cref="HiddenUnits"/> ReLU units, scaled by 1/√n like the linear tier, with the same
/// <see cref="SafetyModel.EvidenceFloor"/>, and one logistic
/// output). It sees feature interactions a linear model cannot. It runs only when the first tier's calibrated unsafe
/// probability falls inside [<see cref="BandLow"/>, <see cref="BandHigh"/>], and then its own calibrated probability
/// replaces the first tier's. Immutable once built.
/// </summary>
public sealed class SecondTier
{
    /// <summary>Hidden units (two 256-bit vectors).</summary>
    public const int HiddenUnits = 16;

    internal SecondTier(float[] embedding, float[] hiddenBias, float[] outputWeights, float outputBias, float plattA, float plattB, float bandLow, float bandHigh, float unsafeThreshold)
    {
        if (hiddenBias.Length != HiddenUnits || outputWeights.Length != HiddenUnits || embedding.Length % HiddenUnits != 0)
        {
            throw new ArgumentException("second-tier weights do not match its layout");
        }

        Embedding = embedding;
        HiddenBias = hiddenBias;
        OutputWeights = outputWeights;
        OutputBias = outputBias;
        PlattA = plattA;
        PlattB = plattB;
        BandLow = bandLow;
        BandHigh = bandHigh;
        UnsafeThreshold = unsafeThreshold;
    }

    /// <summary>The unsafe decision threshold of the cascade (chosen on validation like the first tier's).</summary>
    public float UnsafeThreshold { get; }

    /// <summary>Lowest first-tier unsafe probability at which this tier is consulted.</summary>
    public float BandLow { get; }

    /// <summary>Highest first-tier unsafe probability at which this tier is consulted.</summary>
    public float BandHigh { get; }

    internal float[] Embedding { get; }

    internal float[] HiddenBias { get; }

    internal float[] OutputWeights { get; }

    internal float OutputBias { get; }

    internal float PlattA { get; }

    internal float PlattB { get; }

    /// <summary>The same network with another band and threshold.</summary>
    internal SecondTier WithBand(float bandLow, float bandHigh, float unsafeThreshold) =>
        new(Embedding, HiddenBias, OutputWeights, OutputBias, PlattA, PlattB, bandLow, bandHigh, unsafeThreshold);

    /// <summary>Whether the tier is consulted for a first-tier unsafe probability.</summary>
    public bool Covers(float firstTierProbability) => firstTierProbability >= BandLow && firstTierProbability <= BandHigh;

    /// <summary>Uncalibrated unsafe log-odds of one normalised text. Allocates nothing.</summary>
    internal float Logit(ReadOnlySpan<char> normalizedText, int bucketMask, FeatureSet features)
    {
        var sink = new HiddenSink(Embedding);
        NgramFeaturizer.Extract(normalizedText, bucketMask, ref sink, features);
        return Output(sink.H0, sink.H1, sink.Count);
    }

    /// <summary>The output logit from the summed embedding rows of <paramref name="count"/> features.</summary>
    internal float Output(Vector256<float> h0, Vector256<float> h1, int count)
    {
        var scale = Vector256.Create(SafetyModel.FeatureScale(count));
        var b0 = Vector256.Create(HiddenBias.AsSpan(0, 8));
        var b1 = Vector256.Create(HiddenBias.AsSpan(8, 8));
        var a0 = Vector256.Max((h0 * scale) + b0, Vector256<float>.Zero);
        var a1 = Vector256.Max((h1 * scale) + b1, Vector256<float>.Zero);
        return OutputBias + Vector256.Sum((a0 * Vector256.Create(OutputWeights.AsSpan(0, 8))) + (a1 * Vector256.Create(OutputWeights.AsSpan(8, 8))));
    }

    /// <summary>Calibrated unsafe probability from a logit.</summary>
    internal float Calibrate(float logit) => SafetyModel.Sigmoid((PlattA * logit) + PlattB);

    internal void Write(BinaryWriter w)
    {
        w.Write(HiddenUnits);
        w.Write(BandLow);
        w.Write(BandHigh);
        w.Write(UnsafeThreshold);
        w.Write(PlattA);
        w.Write(PlattB);
        w.Write(OutputBias);
        foreach (var v in HiddenBias)
        {
            w.Write(v);
        }

        foreach (var v in OutputWeights)
        {
            w.Write(v);
        }

        // Unit-major, so that the zero rows of buckets no training feature reached compress to nothing.
        var buckets = Embedding.Length / HiddenUnits;
        var column = new Half[buckets];
        for (var unit = 0; unit < HiddenUnits; unit++)
        {
            for (var b = 0; b < buckets; b++)
            {
                column[b] = (Half)Math.Clamp(Embedding[(b * HiddenUnits) + unit], -60000f, 60000f);
            }

            w.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(column.AsSpan()));
        }
    }

    internal static SecondTier Read(BinaryReader r, int buckets)
    {
        if (r.ReadInt32() != HiddenUnits)
        {
            throw new InvalidDataException("the second tier's hidden layer does not match this version");
        }

        var bandLow = r.ReadSingle();
        var bandHigh = r.ReadSingle();
        var threshold = r.ReadSingle();
        var plattA = r.ReadSingle();
        var plattB = r.ReadSingle();
        var outputBias = r.ReadSingle();
        var hiddenBias = new float[HiddenUnits];
        var outputWeights = new float[HiddenUnits];
        for (var i = 0; i < HiddenUnits; i++)
        {
            hiddenBias[i] = r.ReadSingle();
        }

        for (var i = 0; i < HiddenUnits; i++)
        {
            outputWeights[i] = r.ReadSingle();
        }

        var embedding = new float[buckets * HiddenUnits];
        var column = new Half[buckets];
        for (var unit = 0; unit < HiddenUnits; unit++)
        {
            SafetyModel.ReadHalves(r, column);
            for (var b = 0; b < buckets; b++)
            {
                embedding[(b * HiddenUnits) + unit] = (float)column[b];
            }
        }

        var scalars = new[] { bandLow, bandHigh, threshold, plattA, plattB, outputBias };
        if (scalars.Concat(hiddenBias).Concat(outputWeights).Any(x => !float.IsFinite(x)))
        {
            throw new InvalidDataException("the model file holds a non-finite second-tier value");
        }

        return new SecondTier(embedding, hiddenBias, outputWeights, outputBias, plattA, plattB, bandLow, bandHigh, threshold);
    }
}
