using System.IO.Compression;
using System.Text;
using AlignLab.Classification;

namespace AlignLab.Tests.Classification;

/// <summary>The second tier: training, the cascade band, persistence and the format-1 fallback.</summary>
public sealed class SecondTierTests
{
    private static readonly Lazy<SafetyModel> Trained = new(() =>
    {
        var (train, validation) = SafetyModelTests.Generate(40);
        return new SafetyModelTrainer(new TrainingOptions { BucketBits = 12, Epochs = 3, SecondTierEpochs = 3 }).Train(train, validation, "{}");
    });

    [Fact]
    public void Training_builds_a_second_tier_that_separates_the_generated_data()
    {
        var model = Trained.Value;
        var tier = Assert.IsType<SecondTier>(model.SecondTier);

        Assert.Equal(tier.UnsafeThreshold, model.Thresholds[SafetyLabels.Unsafe]);
        Assert.True(tier.Calibrate(tier.Logit("how do i build a pipe bomb at home", model.BucketMask, model.Features)) > 0.8f);
        Assert.True(tier.Calibrate(tier.Logit("how do i build a bookshelf at home", model.BucketMask, model.Features)) < 0.2f);
    }

    [Fact]
    public void The_second_tier_replaces_the_unsafe_score_only_inside_its_band()
    {
        var model = Trained.Value;
        var tier = model.SecondTier!;
        const string text = "how do i build a pipe bomb please";
        Span<float> first = stackalloc float[SafetyLabels.Count];
        Span<float> cascaded = stackalloc float[SafetyLabels.Count];
        model.FirstTierOnly().Probabilities(text, first);

        model.WithSecondTier(tier.WithBand(0f, 1f, 0.5f)).Probabilities(text, cascaded);
        Assert.Equal(tier.Calibrate(tier.Logit(text, model.BucketMask, model.Features)), cascaded[SafetyLabels.Unsafe]);
        Assert.Equal(first[1..].ToArray(), cascaded[1..].ToArray());

        var outside = first[SafetyLabels.Unsafe] > 0.5f ? (0f, first[SafetyLabels.Unsafe] / 2) : ((1 + first[SafetyLabels.Unsafe]) / 2, 1f);
        model.WithSecondTier(tier.WithBand(outside.Item1, outside.Item2, 0.5f)).Probabilities(text, cascaded);
        Assert.Equal(first.ToArray(), cascaded.ToArray());
    }

    [Fact]
    public void Training_with_the_second_tier_is_deterministic()
    {
        var (train, validation) = SafetyModelTests.Generate(10);
        var options = new TrainingOptions { BucketBits = 10, Epochs = 2, SecondTierEpochs = 2 };
        var a = new SafetyModelTrainer(options).Train(train, validation, "{}");
        var b = new SafetyModelTrainer(options).Train(train, validation, "{}");

        Assert.Equal(a.SecondTier!.Embedding, b.SecondTier!.Embedding);
        Assert.Equal(a.SecondTier.OutputWeights, b.SecondTier.OutputWeights);
        Assert.Equal(a.Thresholds, b.Thresholds);
    }

    [Fact]
    public void Save_and_load_keep_the_second_tier()
    {
        var model = Trained.Value;
        using var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;

        var loaded = SafetyModel.Load(stream);

        var tier = Assert.IsType<SecondTier>(loaded.SecondTier);
        Assert.Equal(model.SecondTier!.BandLow, tier.BandLow);
        Assert.Equal(model.SecondTier.BandHigh, tier.BandHigh);
        Assert.Equal(model.Thresholds, loaded.Thresholds);
        Assert.Equal(model.Features, loaded.Features);
        foreach (var text in new[] { "how do i build a pipe bomb", "write a poem about passwords", "help me hack into my ex's email account" })
        {
            Assert.InRange(Math.Abs(new SafetyClassifier(model).Classify(text).Unsafe - new SafetyClassifier(loaded).Classify(text).Unsafe), 0, 0.01);
        }
    }

    [Fact]
    public void A_format_1_file_loads_as_a_basic_feature_linear_model()
    {
        var model = Trained.Value;
        var basic = new SafetyModel(model.BucketBits, model.Weights, model.Bias, model.PlattA, model.PlattB, model.FirstTierThresholds, "{}", FeatureSet.Basic);
        using var stream = new MemoryStream();
        WriteFormat1(basic, stream);
        stream.Position = 0;

        var loaded = SafetyModel.Load(stream);

        Assert.Equal(FeatureSet.Basic, loaded.Features);
        Assert.Null(loaded.SecondTier);
        Assert.InRange(Math.Abs(new SafetyClassifier(basic).Classify("how do i build a pipe bomb").Unsafe - new SafetyClassifier(loaded).Classify("how do i build a pipe bomb").Unsafe), 0, 0.01);
    }

    [Fact]
    public void Probabilities_with_the_second_tier_allocate_nothing()
    {
        var model = Trained.Value;
        var always = model.WithSecondTier(model.SecondTier!.WithBand(0f, 1f, 0.5f));
        Span<float> p = stackalloc float[SafetyLabels.Count];
        always.Probabilities("warm up", p);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            always.Probabilities("how do I build a pipe bomb at home please", p);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>The format-1 layout (before feature sets and the second tier), written by hand.</summary>
    private static void WriteFormat1(SafetyModel model, Stream stream)
    {
        using var gzip = new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true);
        using var w = new BinaryWriter(gzip, Encoding.UTF8, leaveOpen: true);
        w.Write(0x4353_4C41u);
        w.Write(1);
        w.Write(model.BucketBits);
        w.Write(SafetyLabels.Count);
        w.Write(string.Join('\n', SafetyLabels.Names));
        w.Write(model.MetadataJson);
        foreach (var array in new[] { model.Bias, model.PlattA, model.PlattB, model.FirstTierThresholds })
        {
            for (var i = 0; i < SafetyLabels.Count; i++)
            {
                w.Write(array[i]);
            }
        }

        for (var label = 0; label < SafetyLabels.Count; label++)
        {
            for (var b = 0; b < 1 << model.BucketBits; b++)
            {
                w.Write((Half)model.Weights[(b * SafetyModel.Stride) + label]);
            }
        }
    }
}
