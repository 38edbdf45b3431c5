using System.Diagnostics;
using AlignLab.Constitution;
using AlignLab.Normalization;
using AlignLab.Rules;

namespace AlignLab.Evaluation.Profiling;

/// <summary>
/// Measures where the input guard's time goes, on one thread: text normalisation, the classifier on the normalised
/// text, and the whole <see cref="RuleEngine.Evaluate"/> (which does both again, plus rule matching and the decision),
/// timed separately per case with <see cref="Stopwatch"/> timestamps after an untimed warm-up pass. The rules-and-decision
/// share is derived: whole guard minus the two measured stages.
/// </summary>
public static class GuardProfiler
{
    private static readonly (string Label, int Min, int? Max)[] BucketBounds =
        [("<256", 0, 256), ("256–1k", 256, 1024), ("1k–4k", 1024, 4096), (">4k", 4096, null)];

    /// <summary>Profiles the guard over <paramref name="cases"/> (every label; the texts are held in memory).</summary>
    /// <exception cref="ArgumentException">The context or profile in <paramref name="options"/> is not defined by the constitution.</exception>
    public static GuardProfile Profile(RuleEngine engine, IEnumerable<EvalCase> cases, GuardProfileOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(cases);
        options ??= new GuardProfileOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Repeat, 1);
        var texts = cases.Select(c => c.Text).ToList();
        var problems = engine.CheckSelection(options.Evaluation.Context, options.Evaluation.Profile);
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }

        // The guard consults the classifier only when the constitution has categories; profile what it really does.
        var classifier = engine.Constitution.Categories.Count > 0 ? engine.Classifier : null;
        var normalizer = TextNormalizer.Default;
        var n = texts.Count * options.Repeat;
        var normalize = new double[n];
        var classify = new double[n];
        var evaluate = new double[n];
        var keep = 0L;
        for (var pass = options.WarmUp ? -1 : 0; pass < options.Repeat; pass++)
        {
            for (var i = 0; i < texts.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var text = texts[i];
                var t0 = Stopwatch.GetTimestamp();
                var normalized = normalizer.Normalize(text);
                var t1 = Stopwatch.GetTimestamp();
                var scores = classifier?.Classify(normalized);
                var t2 = Stopwatch.GetTimestamp();
                var decision = engine.Evaluate(text, PolicyStage.Input, options.Evaluation);
                var t3 = Stopwatch.GetTimestamp();
                keep += normalized.Primary.Text.Length + decision.Matches.Count + (scores is null ? 0 : 1);
                if (pass < 0)
                {
                    continue;
                }

                var k = (pass * texts.Count) + i;
                normalize[k] = Micros(t1 - t0);
                classify[k] = Micros(t2 - t1);
                evaluate[k] = Micros(t3 - t2);
            }
        }

        GC.KeepAlive(keep);
        var all = Enumerable.Range(0, n).ToList();
        var bucketOf = texts.Select(t => Array.FindIndex(BucketBounds, b => t.Length >= b.Min && (b.Max is not { } max || t.Length < max))).ToArray();
        var buckets = new List<LengthBucket>();
        for (var b = 0; b < BucketBounds.Length; b++)
        {
            var (label, min, max) = BucketBounds[b];
            var members = all.Where(k => bucketOf[k % texts.Count] == b).ToList();
            var count = bucketOf.Count(x => x == b);
            buckets.Add(new LengthBucket(label, min, max, count, members.Count == 0 ? [] : Stages(members, normalize, classifier is null ? null : classify, evaluate)));
        }

        var totalEvaluate = evaluate.Sum();
        return new GuardProfile
        {
            Policy = engine.Constitution.Name,
            Classifier = classifier is not null,
            Cases = texts.Count,
            Repeat = options.Repeat,
            WarmUp = options.WarmUp,
            Stages = n == 0 ? [] : Stages(all, normalize, classifier is null ? null : classify, evaluate),
            Buckets = buckets,
            CasesPerSecond = totalEvaluate > 0 ? n / (totalEvaluate / 1e6) : 0,
        };
    }

    private static List<StageTiming> Stages(List<int> members, double[] normalize, double[]? classify, double[] evaluate)
    {
        var total = members.Sum(k => evaluate[k]);
        var stages = new List<StageTiming> { Timing(StageTiming.Normalize, members, normalize, total) };
        if (classify is not null)
        {
            stages.Add(Timing(StageTiming.Classify, members, classify, total));
        }

        var whole = Timing(StageTiming.Evaluate, members, evaluate, total);
        var measured = stages.Sum(s => s.MeanUs);
        var rest = whole.MeanUs - measured;
        stages.Add(new StageTiming(StageTiming.RulesAndDecision, members.Count, null, null, rest, null, whole.MeanUs > 0 ? rest / whole.MeanUs : 0));
        stages.Add(whole);
        return stages;
    }

    private static StageTiming Timing(string stage, List<int> members, double[] values, double total)
    {
        var sorted = members.Select(k => values[k]).Order().ToArray();
        var sum = sorted.Sum();
        return new StageTiming(stage, sorted.Length, BootstrapInterval.Percentile(sorted, 0.5), BootstrapInterval.Percentile(sorted, 0.95), sum / sorted.Length, sorted[^1], total > 0 ? sum / total : 0);
    }

    private static double Micros(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;
}
