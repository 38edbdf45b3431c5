using AlignLab.Adversarial;
using AlignLab.Evaluation.Fairness;
using AlignLab.Metrics;

namespace AlignLab.Classification;

/// <summary>Evaluates a <see cref="SafetyClassifier"/> on labelled texts.</summary>
public static class ClassifierEvaluator
{
    /// <summary>Scores every text (in parallel) and computes the metrics.</summary>
    public static ClassifierEvaluation Evaluate(SafetyClassifier classifier, IReadOnlyList<LabeledText> data, string setName, int topExamples = 10, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(data);
        return Evaluate(classifier, data, setName, ScoreAll(classifier, data, cancellationToken), topExamples);
    }

    /// <summary>
    /// Scores every text and computes the metrics, plus recall and false-positive rate per group of
    /// <paramref name="groups"/> (one group per text) with their worst-to-best spread (<see cref="ClassifierEvaluation.Groups"/>).
    /// </summary>
    public static ClassifierEvaluation Evaluate(SafetyClassifier classifier, IReadOnlyList<LabeledText> data, string setName, GroupAssignment groups,
        int topExamples = 10, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(groups);
        if (groups.Groups.Count != data.Count)
        {
            throw new ArgumentException($"{groups.Groups.Count} group(s) for {data.Count} text(s): give one group per text", nameof(groups));
        }

        var scores = ScoreAll(classifier, data, cancellationToken);
        var threshold = classifier.Model.Thresholds[SafetyLabels.Unsafe];
        var outcomes = data.Select((d, i) => new GroupOutcome(groups.Groups[i] ?? "", d.Unsafe, scores[i][SafetyLabels.Unsafe] >= threshold));
        return Evaluate(classifier, data, setName, scores, topExamples) with
        {
            Groups = GroupFairness.Compute(groups.Column, outcomes, groups.MinGroupSize),
        };
    }

    private static ClassifierEvaluation Evaluate(
        SafetyClassifier classifier, IReadOnlyList<LabeledText> data, string setName, float[][] scores, int topExamples)
    {
        var thresholds = classifier.Model.Thresholds;
        var unsafeThreshold = thresholds[SafetyLabels.Unsafe];
        var unsafeMetrics = BinaryMetrics.Compute([.. data.Select((d, i) => ((double)scores[i][SafetyLabels.Unsafe], d.Unsafe))], unsafeThreshold);

        var categories = new Dictionary<string, BinaryMetrics>(StringComparer.Ordinal);
        for (var l = 1; l < SafetyLabels.Count; l++)
        {
            var points = new List<(double, bool)>();
            for (var i = 0; i < data.Count; i++)
            {
                if (SafetyModelTrainer.Target(data[i], l) is { } positive)
                {
                    points.Add((scores[i][l], positive));
                }
            }

            if (points.Any(p => p.Item2))
            {
                categories[SafetyLabels.Names[l]] = BinaryMetrics.Compute(points, thresholds[l]);
            }
        }

        var confusion = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        var scored = new List<ScoredText>(data.Count);
        for (var i = 0; i < data.Count; i++)
        {
            var d = data[i];
            var truth = !d.Unsafe ? "benign" : d.Categories.Count > 0 ? d.Categories[0].Id : "unsafe_uncategorised";
            var predicted = Predicted(scores[i], unsafeThreshold);
            if (!confusion.TryGetValue(truth, out var row))
            {
                confusion[truth] = row = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            row[predicted] = row.GetValueOrDefault(predicted) + 1;
            scored.Add(new ScoredText(d.Id, d.Source, d.Text.Length > 300 ? d.Text[..300] + "…" : d.Text, scores[i][SafetyLabels.Unsafe], d.Unsafe ? truth : null, predicted));
        }

        return new ClassifierEvaluation
        {
            Set = setName,
            Unsafe = unsafeMetrics,
            Categories = categories,
            Confusion = confusion.ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<string, int>)kv.Value, StringComparer.Ordinal),
            // Only real errors at the unsafe threshold, as counted in the confusion: a benign text below it is not a
            // false positive, an unsafe text at or above it not a false negative, however it ranks.
            TopFalsePositives = [.. scored.Where(s => s.TrueCategory is null && s.Score >= unsafeThreshold).OrderByDescending(s => s.Score).Take(topExamples)],
            TopFalseNegatives = [.. scored.Where(s => s.TrueCategory is not null && s.Score < unsafeThreshold).OrderBy(s => s.Score).Take(topExamples)],
        };
    }

    /// <summary>Recall of the unsafe output on the unsafe texts of <paramref name="data"/>, clean and after each transform.</summary>
    public static IReadOnlyList<RobustnessResult> Robustness(SafetyClassifier classifier, IReadOnlyList<LabeledText> data, IReadOnlyList<IPromptTransform> transforms, int seed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(transforms);
        var positives = data.Where(d => d.Unsafe).ToList();
        var threshold = classifier.UnsafeThreshold;
        var clean = Recall(classifier, positives.Select(p => p.Text).ToList(), threshold, cancellationToken);
        var results = new List<RobustnessResult>();
        foreach (var t in transforms)
        {
            var transformed = positives.Select(p => t.Apply(p.Text, PromptTransforms.RandomFor(seed, t.Name, p.Id))).ToList();
            results.Add(new RobustnessResult(t.Name, positives.Count, clean, Recall(classifier, transformed, threshold, cancellationToken)));
        }

        return results;
    }

    private static double Recall(SafetyClassifier classifier, List<string> texts, float threshold, CancellationToken cancellationToken)
    {
        if (texts.Count == 0)
        {
            return 0;
        }

        var hits = 0;
        Parallel.For(0, texts.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            if (classifier.Classify(texts[i]).Unsafe >= threshold)
            {
                Interlocked.Increment(ref hits);
            }
        });
        return (double)hits / texts.Count;
    }

    internal static float[][] ScoreAll(SafetyClassifier classifier, IReadOnlyList<LabeledText> data, CancellationToken cancellationToken)
    {
        var scores = new float[data.Count][];
        Parallel.For(0, data.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            scores[i] = classifier.Classify(data[i].Text).Values.ToArray();
        });
        return scores;
    }

    private static string Predicted(float[] scores, float unsafeThreshold)
    {
        if (scores[SafetyLabels.Unsafe] < unsafeThreshold)
        {
            return "benign";
        }

        var best = 1;
        for (var l = 2; l < scores.Length; l++)
        {
            if (scores[l] > scores[best])
            {
                best = l;
            }
        }

        return SafetyLabels.Names[best];
    }
}
