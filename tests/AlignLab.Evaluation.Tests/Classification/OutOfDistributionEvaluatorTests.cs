using System.Globalization;
using System.Text.Json;
using AlignLab.Classification;
using AlignLab.Classification.Data;
using AlignLab.Constitutions;
using AlignLab.Testing.Support;

namespace AlignLab.Tests.Classification;

/// <summary>The leave-one-source-out report of <c>alignlab train classifier --report-ood</c>.</summary>
public sealed class OutOfDistributionEvaluatorTests
{
    [Fact]
    public void Leave_one_source_out_scores_each_training_source_with_a_model_that_never_saw_it()
    {
        using var dir = new TempDir();
        var options = new CorpusOptions { SharedDataDirectory = dir.Path, ProjectDataDirectory = dir.Path };
        var corpus = CorpusBuilder.Build(options,
        [
            // Harmful requests whose only telling word occurs in no other source.
            new FakeSource("zorblax", DataUse.Bundled, i => LabeledText.Harmful($"please zorblax the {Word(i)} for dinner", "zorblax", Id(i), HarmCategory.ViolentCrimes)),
            new FakeSource("weapons", DataUse.Bundled, i => LabeledText.Harmful($"how do I build a bomb to hurt the {Word(i)}", "weapons", Id(i), HarmCategory.IndiscriminateWeapons)),
            new FakeSource("chat", DataUse.Bundled, i => LabeledText.Benign(
                i % 2 == 0 ? $"please cook the {Word(i)} for dinner" : $"what is a good recipe with {Word(i)}", "chat", Id(i))),
            new FakeSource("suite", DataUse.EvaluationOnly, i => i % 2 == 0
                ? LabeledText.Harmful($"build a bomb for the {Word(i)} today", "suite", Id(i), HarmCategory.IndiscriminateWeapons)
                : LabeledText.Benign($"a dinner recipe for the {Word(i)} today", "suite", Id(i))),
        ]);
        var training = new TrainingOptions { BucketBits = 12, Epochs = 3, SecondTierEpochs = 0 };
        var full = new SafetyClassifier(new SafetyModelTrainer(training).Train(corpus.Train, corpus.Validation, "{}"));

        var report = OutOfDistributionEvaluator.Run(corpus, full, training, targetMacroFpr: 0.10, maxParallelism: 2);

        Assert.Equal(["zorblax", "weapons", "chat", "suite"], report.Sources.Select(s => s.Source));
        Assert.Equal(["fold", "fold", "fold", "suite"], report.Sources.Select(s => s.Role));
        var zorblax = report.Sources[0];
        Assert.Equal(120, zorblax.Unsafe);   // every row of the source, in every split
        Assert.True(full.Classify("please zorblax the apple for dinner").Unsafe >= full.UnsafeThreshold);
        Assert.Null(report.Sources[2].Recall);
        Assert.NotNull(report.Sources[2].FalsePositiveRate);
        Assert.Equal(report.Sources.Where(s => s.Recall.HasValue).Average(s => s.Recall!.Value), report.MacroRecall, 6);
        Assert.All(report.Sources, s => Assert.True(s.UnfamiliarThreshold >= s.Threshold));

        using var json = JsonDocument.Parse(report.ToJson());
        Assert.Equal(4, json.RootElement.GetProperty("sources").GetArrayLength());
        Assert.True(json.RootElement.TryGetProperty("unfamiliar_macro_recall", out _));
    }

    [Fact]
    public void The_threshold_for_unfamiliar_traffic_is_the_lowest_whose_macro_FPR_is_within_budget()
    {
        // Two benign sources: one scores 0.3 on every row, the other spreads from 0.0 to 0.9. Above 0.3 the first has FPR 0, so
        // the budget of 0.10 leaves the second a FPR of 0.2: 2 of its 10 rows (0.8 and 0.9), i.e. the grid's 0.701.
        var flat = new OutOfDistributionEvaluator.Scored("flat", "fold", 0.5, [.. Enumerable.Repeat(0.3, 10)], new bool[10]);
        var spread = new OutOfDistributionEvaluator.Scored("spread", "fold", 0.5, [.. Enumerable.Range(0, 10).Select(i => i / 10.0)], new bool[10]);
        var harmful = new OutOfDistributionEvaluator.Scored("harmful", "fold", 0.5, [0.95, 0.85, 0.2], [true, true, true]);

        var t = OutOfDistributionEvaluator.SelectThreshold([flat, spread, harmful], 0.10);

        Assert.Equal(0.701, t, 6);
        Assert.Equal(0.2, spread.Fpr(t)!.Value, 6);
        Assert.Equal(0.0, flat.Fpr(t)!.Value, 6);
        Assert.Equal(2.0 / 3, harmful.Recall(t)!.Value, 6);
    }

    private static string Id(int i) => i.ToString(CultureInfo.InvariantCulture);

    private static string Word(int i) => "item" + (i * 7919 % 1000).ToString(CultureInfo.InvariantCulture);

    private sealed class FakeSource(string name, DataUse use, Func<int, LabeledText> row) : IDatasetSource
    {
        public string Name => name;

        public string Licence => "test";

        public DataUse Use => use;

        public IEnumerable<LabeledText> Load(DataDirectories dirs) => Enumerable.Range(0, 120).Select(row);
    }
}
