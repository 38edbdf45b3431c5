using AlignLab.Normalization;

namespace AlignLab.Classification;

/// <summary>
/// Trains a <see cref="SafetyModel"/>: multi-label logistic regression over hashed n-grams with AdaGrad,
/// class-balanced per output, then Platt calibration and thresholds on a validation split. Deterministic
/// for a given seed and input order.
/// </summary>
public sealed class SafetyModelTrainer(TrainingOptions options)
{
    private readonly TrainingOptions _options = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>Reports progress after every epoch.</summary>
    public IProgress<EpochReport>? Progress { get; init; }

    /// <summary>
    /// Featurised examples shared between trainers of the same features and bucket count (the leave-one-source-out folds
    /// train on subsets of one corpus), keyed by the example instance. Null: every call featurises afresh.
    /// </summary>
    internal TrainingFeatureCache? Cache { get; init; }

    /// <summary>Trains on <paramref name="train"/>, calibrates on <paramref name="validation"/>.</summary>
    public SafetyModel Train(IReadOnlyList<LabeledText> train, IReadOnlyList<LabeledText> validation, string metadataJson, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        var problems = _options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }

        var labels = SafetyLabels.Count;
        var mask = (1 << _options.BucketBits) - 1;
        var examples = Prepare(train, mask, cancellationToken);
        var validationExamples = Prepare(validation, mask, cancellationToken);

        // Per-output positive weights balance rare categories (capped to keep calibration sane).
        var posWeight = new float[labels];
        for (var l = 0; l < labels; l++)
        {
            var pos = examples.Count(e => e.Mask[l] && e.Targets[l] > 0.5f);
            var neg = examples.Count(e => e.Mask[l] && e.Targets[l] <= 0.5f);
            posWeight[l] = pos == 0 ? 1f : (float)Math.Clamp(Math.Sqrt((double)neg / pos), 1.0, 8.0);
        }

        var weights = new float[(mask + 1) * SafetyModel.Stride];
        var gradSq = new float[weights.Length];
        var bias = new float[SafetyModel.Stride];
        var biasGradSq = new float[SafetyModel.Stride];
        var order = Enumerable.Range(0, examples.Count).ToArray();
        var random = new Random(_options.Seed);
        var z = new float[labels];
        var lr = _options.LearningRate;
        for (var epoch = 1; epoch <= _options.Epochs; epoch++)
        {
            random.Shuffle(order);
            double loss = 0;
            foreach (var index in order)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var e = examples[index];
                var scale = e.Buckets.Length == 0 ? 0f : 1f / MathF.Sqrt(e.Buckets.Length);
                for (var l = 0; l < labels; l++)
                {
                    z[l] = bias[l];
                }

                foreach (var b in e.Buckets)
                {
                    var row = b * SafetyModel.Stride;
                    for (var l = 0; l < labels; l++)
                    {
                        z[l] += weights[row + l] * scale;
                    }
                }

                // Gradient of the weighted log-loss w.r.t. each logit.
                for (var l = 0; l < labels; l++)
                {
                    if (!e.Mask[l])
                    {
                        z[l] = 0;
                        continue;
                    }

                    var p = SafetyModel.Sigmoid(z[l]);
                    var y = e.Targets[l];
                    var w = (y > 0.5f ? posWeight[l] : 1f) * (l == SafetyLabels.Unsafe ? e.Weight : e.Weight * e.CategoryWeight);
                    loss += -w * ((y * Math.Log(Math.Max(p, 1e-7))) + ((1 - y) * Math.Log(Math.Max(1 - p, 1e-7))));
                    z[l] = w * (p - y);
                }

                for (var l = 0; l < labels; l++)
                {
                    var g = z[l];
                    if (g == 0)
                    {
                        continue;
                    }

                    biasGradSq[l] += g * g;
                    bias[l] -= lr * g / (MathF.Sqrt(biasGradSq[l]) + 1e-6f);
                }

                foreach (var b in e.Buckets)
                {
                    var row = b * SafetyModel.Stride;
                    for (var l = 0; l < labels; l++)
                    {
                        var g0 = z[l];
                        if (g0 == 0)
                        {
                            continue;
                        }

                        var i = row + l;
                        var g = (g0 * scale) + (_options.L2 * weights[i]);
                        gradSq[i] += g * g;
                        weights[i] -= lr * g / (MathF.Sqrt(gradSq[i]) + 1e-6f);
                    }
                }
            }

            Progress?.Report(new EpochReport(epoch, _options.Epochs, loss / Math.Max(1, examples.Count), ValidationAuc(validationExamples, weights, bias)));
        }

        // Calibrate and choose thresholds on the validation split.
        var uncalibrated = new SafetyModel(_options.BucketBits, weights, bias, Ones(), new float[SafetyModel.Stride], new float[SafetyModel.Stride], metadataJson, _options.Features);
        var plattA = new float[SafetyModel.Stride];
        var plattB = new float[SafetyModel.Stride];
        var thresholds = new float[SafetyModel.Stride];
        var valLogits = Logits(uncalibrated, validation, cancellationToken);
        for (var l = 0; l < labels; l++)
        {
            var points = new List<(double Logit, bool Positive)>();
            for (var i = 0; i < validation.Count; i++)
            {
                if (Target(validation[i], l) is { } positive)
                {
                    points.Add((valLogits[i][l], positive));
                }
            }

            (plattA[l], plattB[l]) = PlattScaling.Fit(points);
            var calibrated = points.Select(p => ((double)SafetyModel.Sigmoid((plattA[l] * (float)p.Logit) + plattB[l]), p.Positive)).ToList();
            thresholds[l] = (float)ThresholdSelector.ForTargetFpr(calibrated, l == SafetyLabels.Unsafe ? _options.UnsafeTargetFpr : _options.CategoryTargetFpr);
        }

        var linear = new SafetyModel(_options.BucketBits, weights, bias, plattA, plattB, thresholds, metadataJson, _options.Features);
        if (_options.SecondTierEpochs == 0)
        {
            return linear;
        }

        // The second tier: trained on the same features, calibrated on validation; the unsafe threshold is then
        // chosen again on the cascaded validation scores.
        var network = new SecondTierTrainer(_options, posWeight[SafetyLabels.Unsafe]).Train(examples.Select(e => (e.Buckets, e.Targets[SafetyLabels.Unsafe] > 0.5f, e.Weight)).ToList(), 1 << _options.BucketBits, cancellationToken);
        var networkLogits = validationExamples.Select(e => (double)network.Logit(e.Buckets)).ToList();
        var (tierA, tierB) = PlattScaling.Fit([.. networkLogits.Select((z, i) => (z, validation[i].Unsafe))]);
        var tier = network.ToSecondTier(tierA, tierB, _options.SecondTierBandLow, _options.SecondTierBandHigh, 0.5f);
        var cascaded = new List<(double, bool)>(validation.Count);
        for (var i = 0; i < validation.Count; i++)
        {
            var first = linear.Calibrate(SafetyLabels.Unsafe, valLogits[i][SafetyLabels.Unsafe]);
            cascaded.Add((tier.Covers(first) ? tier.Calibrate((float)networkLogits[i]) : first, validation[i].Unsafe));
        }

        var threshold = (float)ThresholdSelector.ForTargetFpr(cascaded, _options.UnsafeTargetFpr);
        return linear.WithSecondTier(tier.WithBand(tier.BandLow, tier.BandHigh, threshold));
    }

    /// <summary>Raw logits of each example's normalised text (max over views is not used in training).</summary>
    internal static float[][] Logits(SafetyModel model, IReadOnlyList<LabeledText> data, CancellationToken cancellationToken)
    {
        var result = new float[data.Count][];
        Parallel.For(0, data.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var logits = new float[SafetyLabels.Count];
            model.Logits(TextNormalizer.Default.Normalize(data[i].Text).Primary.Text, logits);
            result[i] = logits;
        });
        return result;
    }

    /// <summary>The training target of an output for an example, or null when the output is not trained on it.</summary>
    internal static bool? Target(LabeledText e, int label)
    {
        if (label == SafetyLabels.Unsafe)
        {
            return e.Unsafe;
        }

        if (!e.CategoriesKnown)
        {
            return null;
        }

        var category = SafetyLabels.CategoryAt(label)!;
        return e.Categories.Any(c => c.Id == category.Id);
    }

    private List<Prepared> Prepare(IReadOnlyList<LabeledText> data, int mask, CancellationToken cancellationToken)
    {
        var prepared = new Prepared[data.Count];
        Parallel.For(0, data.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var e = data[i];
            if (Cache?.TryGet(e, mask, _options.Features, out var cached) == true)
            {
                prepared[i] = cached;
                return;
            }

            var buckets = new List<int>(512);
            var sink = new FeatureListSink(buckets, null);
            NgramFeaturizer.Extract(TextNormalizer.Default.Normalize(e.Text).Primary.Text, mask, ref sink, _options.Features, _options.MaxFeaturesPerExample);
            var targets = new float[SafetyLabels.Count];
            var labelMask = new bool[SafetyLabels.Count];
            for (var l = 0; l < SafetyLabels.Count; l++)
            {
                if (Target(e, l) is { } t)
                {
                    labelMask[l] = true;
                    targets[l] = t ? 1f : 0f;
                }
            }

            prepared[i] = new Prepared([.. buckets], targets, labelMask, e.Weight, e.CategoryWeight);
            Cache?.Add(e, mask, _options.Features, prepared[i]);
        });
        return [.. prepared];
    }

    private static float[] Ones()
    {
        var a = new float[SafetyModel.Stride];
        Array.Fill(a, 1f);
        return a;
    }

    private static double ValidationAuc(List<Prepared> validation, float[] weights, float[] bias)
    {
        var points = new List<(double, bool)>(validation.Count);
        foreach (var e in validation)
        {
            var scale = e.Buckets.Length == 0 ? 0f : 1f / MathF.Sqrt(e.Buckets.Length);
            var z = bias[SafetyLabels.Unsafe];
            foreach (var b in e.Buckets)
            {
                z += weights[(b * SafetyModel.Stride) + SafetyLabels.Unsafe] * scale;
            }

            points.Add((z, e.Targets[SafetyLabels.Unsafe] > 0.5f));
        }

        return Metrics.BinaryMetrics.Compute(points, 0).RocAuc;
    }

    internal sealed record Prepared(int[] Buckets, float[] Targets, bool[] Mask, float Weight, float CategoryWeight);
}
