using System.Diagnostics;
using System.Globalization;
using AlignLab.Classification;
using AlignLab.Constitutions;
using AlignLab.Normalization;
using AlignLab.Rules;

namespace AlignLab.Benchmarks;

/// <summary>
/// The classifier's share of a moderation taken apart: the normaliser, the per-view scoring (linear tier, second tier in
/// its band, windows) and the guard with and without evidence and explanations, over the six load-test prompts (which
/// stay in cache) and over a few thousand distinct prompts (which do not, see <see cref="ColdPrompts"/>). Means in µs per prompt.
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
            ("normalise", () => prompts.Sum(x => TextNormalizer.Default.Normalize(x).Views.Count)),
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

        Cold(output, classifier, engine);
    }

    // The same parts over a few thousand distinct prompts, one pass each after a warm-up pass, in process CPU time.
    private static void Cold(TextWriter output, SafetyClassifier classifier, RuleEngine engine)
    {
        var prompts = ColdPrompts.Load();
        var normalized = prompts.Select(p => TextNormalizer.Default.Normalize(p)).ToArray();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{prompts.Length} distinct prompts (AdvBench + Alpaca), mean {prompts.Average(p => p.Length):0} characters:"));
        var parts = new (string Name, Func<int, int> Run)[]
        {
            ("ClassifyViews (all tiers, windows)", i => classifier.ClassifyViews(normalized[i]).Count),
            ("guard: rules + classifier", i => (int)engine.Evaluate(prompts[i], PolicyStage.Input).Action),
            ("guard without evidence/explain", i => (int)engine.Evaluate(prompts[i], PolicyStage.Input, NoEvidence).Action),
        };
        const int Passes = 5;
        foreach (var (name, run) in parts)
        {
            for (var i = 0; i < prompts.Length; i++)
            {
                run(i);
            }

            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var bytes = GC.GetAllocatedBytesForCurrentThread();
            var start = Stopwatch.GetTimestamp();
            for (var pass = 0; pass < Passes; pass++)
            {
                for (var i = 0; i < prompts.Length; i++)
                {
                    run(i);
                }
            }

            var wall = Stopwatch.GetElapsedTime(start).TotalMicroseconds / Passes / prompts.Length;
            var used = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / Passes / prompts.Length;
            var allocated = (GC.GetAllocatedBytesForCurrentThread() - bytes) / (double)Passes / prompts.Length;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-40} {wall,8:0.00} µs/prompt wall, {used,8:0.00} µs CPU, {allocated,7:0} B allocated"));
        }
    }

    private static readonly EvaluationOptions NoEvidence = new() { CollectEvidence = false };
}
