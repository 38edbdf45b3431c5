using AlignLab.Adversarial;
using AlignLab.Classification;
using AlignLab.Classification.Data;
using AlignLab.Tests.Classification.Data;

namespace AlignLab.Tests.Classification;

/// <summary>
/// Trains a smaller model (2^16 buckets, 3 epochs, a 3-epoch second tier) from ../shared/data on every CI run and
/// asserts minimum metrics, so that a change to the data loaders, normaliser, features or trainer that hurts quality
/// fails CI. The floors sit a few points under what this configuration measured when they were set
/// (docs/CLASSIFIER.md), and the cascade must beat its own first tier on the test split.
/// </summary>
public sealed class TrainingRegressionTests
{
    [SharedDataFact]
    public void Small_model_trained_from_shared_data_meets_minimum_metrics()
    {
        var corpus = CorpusBuilder.Build(DataTestPaths.Options());
        var model = new SafetyModelTrainer(new TrainingOptions { BucketBits = 16, Epochs = 3, SecondTierEpochs = 3 }).Train(corpus.Train, corpus.Validation, corpus.Manifest.ToJson());
        var classifier = new SafetyClassifier(model);

        var test = ClassifierEvaluator.Evaluate(classifier, corpus.Test, "test");
        var firstTier = ClassifierEvaluator.Evaluate(new SafetyClassifier(model.FirstTierOnly()), corpus.Test, "test-first-tier");
        var contrast = ClassifierEvaluator.Evaluate(classifier, corpus.Contrast, "contrast");
        var robustness = ClassifierEvaluator.Robustness(classifier, corpus.Test.Where((_, i) => i % 4 == 0).ToList(), [new HomoglyphTransform(), new ZeroWidthTransform(), new Base64Transform(), new LeetspeakTransform()], seed: 1);

        Assert.True(test.Unsafe.RocAuc >= 0.945, $"test ROC-AUC {test.Unsafe.RocAuc:F3}");
        Assert.True(test.Unsafe.Accuracy >= 0.85, $"test accuracy {test.Unsafe.Accuracy:P1}");
        Assert.True(test.Unsafe.FalsePositiveRate <= 0.07, $"test FPR {test.Unsafe.FalsePositiveRate:P1}");
        Assert.True(contrast.Unsafe.FalsePositiveRate <= 0.12, $"contrast FPR {contrast.Unsafe.FalsePositiveRate:P1}");
        Assert.True(test.Unsafe.Ece <= 0.06, $"ECE {test.Unsafe.Ece:F3}");
        Assert.True(test.Unsafe.RocAuc >= firstTier.Unsafe.RocAuc, $"cascade ROC-AUC {test.Unsafe.RocAuc:F4} < first tier {firstTier.Unsafe.RocAuc:F4}");
        Assert.True(test.Unsafe.Accuracy >= firstTier.Unsafe.Accuracy, $"cascade accuracy {test.Unsafe.Accuracy:P1} vs first tier {firstTier.Unsafe.Accuracy:P1}");
        Assert.All(robustness, r => Assert.True(r.RecallDropPoints <= 5, $"{r.Transform} loses {r.RecallDropPoints:F1} points"));
    }
}
