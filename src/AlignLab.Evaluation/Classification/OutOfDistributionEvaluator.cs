using System.Diagnostics;
using System.Globalization;
using AlignLab.Classification.Data;
using AlignLab.Metrics;

namespace AlignLab.Classification;

/// <summary>
/// Leave-one-source-out evaluation (<c>alignlab train classifier --report-ood</c>). For each source with training rows, a
/// model is trained on the corpus without that source (its train and validation rows removed; calibration and thresholds
/// on the remaining validation rows) and scores every row of the source, in all splits. Evaluation-only sources
/// (<see cref="Corpus.Suites"/>) are scored by the full model, which never saw them either. Reports per-source recall and
/// false-positive rate and their unweighted means over sources ("macro"), and chooses a threshold for unfamiliar traffic on
/// these held-out scores: the lowest whose macro false-positive rate over benign sources is within a budget. Each source's
/// figure at that threshold uses a threshold chosen on the other sources only (nested), so the macro figures at it are not
/// fitted to the sources they measure.
/// </summary>
public static class OutOfDistributionEvaluator
{
    private const int GridSteps = 1000;

    /// <summary>Runs the folds (at most <paramref name="maxParallelism"/> at once; 0 = the processor count) and builds the report.</summary>
    public static OutOfDistributionReport Run(
        Corpus corpus,
        SafetyClassifier full,
        TrainingOptions foldOptions,
        double targetMacroFpr = 0.10,
        int maxParallelism = 0,
        IProgress<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(full);
        ArgumentNullException.ThrowIfNull(foldOptions);
        var watch = Stopwatch.StartNew();
        var order = corpus.Manifest.Sources.Select(s => s.Name).ToList();
        var everyRow = corpus.Train.Concat(corpus.Validation).Concat(corpus.Test).Concat(corpus.Contrast).ToList();
        var folds = corpus.Train.Select(r => r.Source).Distinct(StringComparer.Ordinal).OrderBy(s => Rank(order, s)).ToList();
        var parallelism = maxParallelism > 0 ? maxParallelism : Environment.ProcessorCount;
        var cache = new TrainingFeatureCache();
        var scored = new Scored[folds.Count];
        var done = 0;
        Parallel.For(0, folds.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, f =>
        {
            var source = folds[f];
            var train = corpus.Train.Where(r => r.Source != source).ToList();
            var validation = corpus.Validation.Where(r => r.Source != source).ToList();
            var model = new SafetyModelTrainer(foldOptions) { Cache = cache }.Train(train, validation, "{}", cancellationToken);
            var classifier = new SafetyClassifier(model);
            var rows = everyRow.Where(r => r.Source == source).ToList();
            scored[f] = new Scored(source, "fold", classifier.UnsafeThreshold, [.. rows.Select(r => (double)classifier.Classify(r.Text).Unsafe)], [.. rows.Select(r => r.Unsafe)]);
            progress?.Report(string.Create(CultureInfo.InvariantCulture, $"fold {Interlocked.Increment(ref done)}/{folds.Count}: without {source}"));
        });

        var suites = corpus.Suites.GroupBy(r => r.Source).OrderBy(g => Rank(order, g.Key)).Select(g =>
        {
            var rows = g.ToList();
            var scores = new double[rows.Count];
            Parallel.For(0, rows.Count, new ParallelOptions { CancellationToken = cancellationToken }, i => scores[i] = full.Classify(rows[i].Text).Unsafe);
            return new Scored(g.Key, "suite", full.UnsafeThreshold, scores, [.. rows.Select(r => r.Unsafe)]);
        });
        var all = scored.Concat(suites).ToList();
        var inMacro = all.Where(s => !DatasetSources.OutsideMacro.ContainsKey(s.Source)).ToList();
        var global = SelectThreshold(inMacro, targetMacroFpr);
        var outcomes = all.Select(s =>
        {
            var counts = DatasetSources.OutsideMacro.ContainsKey(s.Source);
            var others = counts ? global : SelectThreshold([.. inMacro.Where(o => o.Source != s.Source)], targetMacroFpr);
            var unfamiliar = Math.Max(s.Threshold, others);
            return new SourceOutcome(
                s.Source, s.Role, s.Labels.Count(l => l), s.Labels.Count(l => !l), s.Threshold,
                s.Recall(s.Threshold), s.Fpr(s.Threshold), unfamiliar, s.Recall(unfamiliar), s.Fpr(unfamiliar),
                s.Labels.Any(l => l) && s.Labels.Any(l => !l) ? BinaryMetrics.Compute([.. s.Scores.Zip(s.Labels)], s.Threshold).RocAuc : null,
                DatasetSources.OutsideMacro.GetValueOrDefault(s.Source));
        }).ToList();
        var counted = outcomes.Where(o => o.OutsideMacro is null).ToList();
        return new OutOfDistributionReport
        {
            Sources = outcomes,
            MacroRecall = Mean(counted.Select(o => o.Recall)),
            MacroFalsePositiveRate = Mean(counted.Select(o => o.FalsePositiveRate)),
            UnfamiliarMacroRecall = Mean(counted.Select(o => o.UnfamiliarRecall)),
            UnfamiliarMacroFalsePositiveRate = Mean(counted.Select(o => o.UnfamiliarFalsePositiveRate)),
            UnfamiliarThreshold = global,
            TargetMacroFalsePositiveRate = targetMacroFpr,
            FoldModel = string.Create(CultureInfo.InvariantCulture,
                $"2^{foldOptions.BucketBits} buckets, {foldOptions.Epochs} epochs, second tier {(foldOptions.SecondTierEpochs == 0 ? "off" : foldOptions.SecondTierEpochs + " epochs")}"),
            Parallelism = parallelism,
            Elapsed = watch.Elapsed,
        };
    }

    /// <summary>
    /// The model with its unsafe threshold raised to the report's threshold for unfamiliar traffic, when that is higher
    /// (it never lowers it: the random-split budget still holds).
    /// </summary>
    public static SafetyModel WithUnfamiliarThreshold(SafetyModel model, OutOfDistributionReport report)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(report);
        var threshold = (float)report.UnfamiliarThreshold;
        return threshold > model.Thresholds[SafetyLabels.Unsafe] ? model.WithUnsafeThreshold(threshold) : model;
    }

    /// <summary>
    /// The lowest threshold on a grid of 0.001 whose macro false-positive rate over the sources with benign rows is at most
    /// <paramref name="targetMacroFpr"/> (1 when none is).
    /// </summary>
    internal static double SelectThreshold(IReadOnlyList<Scored> sources, double targetMacroFpr)
    {
        var benign = sources.Where(s => s.Labels.Any(l => !l)).ToList();
        if (benign.Count == 0)
        {
            return 0.5;
        }

        for (var step = 1; step <= GridSteps; step++)
        {
            var t = (double)step / GridSteps;
            if (benign.Average(s => s.Fpr(t)!.Value) <= targetMacroFpr)
            {
                return t;
            }
        }

        return 1;
    }

    private static int Rank(List<string> order, string source)
    {
        var i = order.IndexOf(source);
        return i < 0 ? int.MaxValue : i;
    }

    private static double Mean(IEnumerable<double?> values)
    {
        var list = values.Where(v => v.HasValue).Select(v => v!.Value).ToList();
        return list.Count == 0 ? double.NaN : list.Average();
    }

    /// <summary>One source's held-out scores and labels, and the threshold of the model that scored them.</summary>
    internal sealed record Scored(string Source, string Role, double Threshold, double[] Scores, bool[] Labels)
    {
        public double? Recall(double threshold) => Rate(threshold, true);

        public double? Fpr(double threshold) => Rate(threshold, false);

        private double? Rate(double threshold, bool label)
        {
            int n = 0, hits = 0;
            for (var i = 0; i < Scores.Length; i++)
            {
                if (Labels[i] == label)
                {
                    n++;
                    hits += Scores[i] >= threshold ? 1 : 0;
                }
            }

            return n == 0 ? null : (double)hits / n;
        }
    }
}
