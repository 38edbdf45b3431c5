using System.Diagnostics;
using System.Globalization;
using AlignLab.Classification;
using AlignLab.Constitution;
using AlignLab.Normalization;
using AlignLab.Rules;

namespace AlignLab.Benchmarks;

/// <summary>
/// The classifier's share of a moderation taken apart, over the six load-test prompts: hashing the features alone (a
/// sink that only counts), the linear tier (one pass into its weight rows), the whole per-view scoring (linear tier,
/// second tier in its band, windows), the decision, and the explanation a blocked prompt gets. Means in µs per prompt.
/// </summary>
internal static class ClassifierPartsBreakdown
{
    private const int Rounds = 20_000;

    public static void Run(TextWriter output)
    {
        var classifier = SafetyClassifier.Default ?? throw new InvalidOperationException("no embedded classifier");
        var model = classifier.Model;
        var engine = new RuleEngine(ConstitutionLoader.LoadDefault(), classifier: classifier);
        var prompts = ModerationPrompts.Load();
        var normalized = prompts.Select(p => TextNormalizer.Default.Normalize(p)).ToArray();
        var tierRuns = normalized.Count(t => model.SecondTier is { } tier && tier.Covers(classifier.ClassifyViews(t)[0].Unsafe));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"buckets 2^{model.BucketBits}: linear tier {model.Weights.Length * 4L / 1_048_576} MB; second tier {(model.SecondTier?.Embedding.Length ?? 0) * 4L / 1_048_576} MB, runs on {tierRuns} of {prompts.Length} prompts"));
        Span<float> p = stackalloc float[SafetyLabels.Count];
        var parts = new (string Name, Func<int> Run)[]
        {
            ("normalise", () => normalized.Sum(_ => 0) + prompts.Sum(x => TextNormalizer.Default.Normalize(x).Views.Count)),
            ("hash only (counting sink)", () => normalized.Sum(t => Count(t.Primary.Text, model))),
            ("linear tier, one pass", () => normalized.Sum(t => Linear(t.Primary.Text, model))),
            ("ClassifyViews (all tiers, windows)", () => normalized.Sum(t => classifier.ClassifyViews(t).Count)),
            ("guard: rules + classifier", () => prompts.Sum(x => (int)engine.Evaluate(x, PolicyStage.Input).Action)),
            ("guard without evidence/explain", () => prompts.Sum(x => (int)engine.Evaluate(x, PolicyStage.Input, NoEvidence).Action)),
        };
        foreach (var (_, run) in parts)
        {
            for (var i = 0; i < Rounds / 4; i++)
            {
                run();
            }
        }

        foreach (var (name, run) in parts)
        {
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < Rounds; i++)
            {
                run();
            }

            var us = Stopwatch.GetElapsedTime(start).TotalMicroseconds / Rounds / prompts.Length;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-40} {us,8:0.00} µs/prompt"));
        }
    }

    private static readonly EvaluationOptions NoEvidence = new() { CollectEvidence = false };

    private static int Count(string text, SafetyModel model)
    {
        var sink = new CountingSink();
        NgramFeaturizer.Extract(text, model.BucketMask, ref sink, model.Features);
        return sink.Count;
    }

    private static int Linear(string text, SafetyModel model)
    {
        var sink = new ScoreSink(model.Weights);
        NgramFeaturizer.Extract(text, model.BucketMask, ref sink, model.Features);
        return sink.Count;
    }

    private struct CountingSink : IFeatureSink
    {
        public int Count;
        private int _xor;

        public void Add(int bucket, int start, int length)
        {
            _xor ^= bucket;
            Count++;
        }
    }
}
