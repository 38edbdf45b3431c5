using System.Diagnostics;
using AlignLab.Constitutions;
using AlignLab.Rules;

namespace AlignLab.Evaluation.Profiling;

/// <summary>
/// Measures where the input guard's time goes, on one thread: each <see cref="RuleEngine.Evaluate"/>
/// call records timestamps between its own stages (option checks and text normalisation, the rule scan and matching,
/// the classifier, the decision), so the stages are parts of the same call and add up to the whole guard exactly; no
/// stage is timed in a separate run and no share is derived by subtraction. An untimed warm-up pass runs first.
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
        var n = texts.Count * options.Repeat;
        var normalize = new double[n];
        var classify = new double[n];
        var rules = new double[n];
        var marks = new long[RuleEngine.StageMarks];
        var keep = 0L;
        for (var pass = options.WarmUp ? -1 : 0; pass < options.Repeat; pass++)
        {
            for (var i = 0; i < texts.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var decision = engine.EvaluateTimed(texts[i], PolicyStage.Input, options.Evaluation, marks);
                keep += decision.Matches.Count;
                if (pass < 0)
                {
                    continue;
                }

                var k = (pass * texts.Count) + i;
                normalize[k] = Micros(marks[1] - marks[0]);
                classify[k] = Micros(marks[3] - marks[2]);
                rules[k] = Micros(marks[2] - marks[1]) + Micros(marks[4] - marks[3]);
                if (classifier is null)
                {
                    // No classify stage to show: the engine's (empty) classifier step counts with the rules.
                    rules[k] += classify[k];
                    classify[k] = 0;
                }
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
            buckets.Add(new LengthBucket(label, min, max, count, members.Count == 0 ? [] : Stages(members, normalize, classifier is null ? null : classify, rules)));
        }

        var totalEvaluate = normalize.Sum() + classify.Sum() + rules.Sum();
        return new GuardProfile
        {
            Policy = engine.Constitution.Name,
            Classifier = classifier is not null,
            Cases = texts.Count,
            Repeat = options.Repeat,
            WarmUp = options.WarmUp,
            Stages = n == 0 ? [] : Stages(all, normalize, classifier is null ? null : classify, rules),
            Buckets = buckets,
            CasesPerSecond = totalEvaluate > 0 ? n / (totalEvaluate / 1e6) : 0,
        };
    }

    /// <summary>
    /// The stage timings of <paramref name="members"/> from per-sample parts of the same calls: the whole guard of a
    /// sample is the sum of its parts, so every part is ≥ 0, the parts' means add up to the whole's and their shares
    /// to 1. <paramref name="classify"/> is null when the guard has no classifier.
    /// </summary>
    internal static List<StageTiming> Stages(IReadOnlyList<int> members, double[] normalize, double[]? classify, double[] rules)
    {
        var whole = new double[normalize.Length];
        for (var k = 0; k < whole.Length; k++)
        {
            whole[k] = normalize[k] + (classify?[k] ?? 0) + rules[k];
        }

        var total = members.Sum(k => whole[k]);
        var stages = new List<StageTiming> { Timing(StageTiming.Normalize, members, normalize, total) };
        if (classify is not null)
        {
            stages.Add(Timing(StageTiming.Classify, members, classify, total));
        }

        stages.Add(Timing(StageTiming.RulesAndDecision, members, rules, total));
        stages.Add(Timing(StageTiming.Evaluate, members, whole, total));
        return stages;
    }

    private static StageTiming Timing(string stage, IReadOnlyList<int> members, double[] values, double total)
    {
        var sorted = members.Select(k => values[k]).Order().ToArray();
        var sum = sorted.Sum();
        // The whole guard is all of itself even when every sample measured 0 µs (a timer too coarse for the calls);
        // a part's share of a zero whole is 0.
        var share = stage == StageTiming.Evaluate ? 1 : total > 0 ? sum / total : 0;
        return new StageTiming(stage, sorted.Length, BootstrapInterval.Percentile(sorted, 0.5), BootstrapInterval.Percentile(sorted, 0.95), sum / sorted.Length, sorted[^1], share);
    }

    private static double Micros(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;
}
