namespace AlignLab.Metrics;

/// <summary>Threshold and ranking metrics of a binary scorer on labelled data.</summary>
public sealed record BinaryMetrics
{
    public required int Count { get; init; }
    public required int Positives { get; init; }
    public required double Threshold { get; init; }
    public required int TruePositives { get; init; }
    public required int FalsePositives { get; init; }
    public required int TrueNegatives { get; init; }
    public required int FalseNegatives { get; init; }

    public double Accuracy => Count == 0 ? 0 : (double)(TruePositives + TrueNegatives) / Count;
    public double Precision => TruePositives + FalsePositives == 0 ? 0 : (double)TruePositives / (TruePositives + FalsePositives);
    public double Recall => TruePositives + FalseNegatives == 0 ? 0 : (double)TruePositives / (TruePositives + FalseNegatives);
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
    public double FalsePositiveRate => FalsePositives + TrueNegatives == 0 ? 0 : (double)FalsePositives / (FalsePositives + TrueNegatives);

    /// <summary>Area under the ROC curve (probability a random positive outscores a random negative; ties count half).</summary>
    public required double RocAuc { get; init; }

    /// <summary>Average precision (area under the precision–recall curve, step-wise).</summary>
    public required double PrAuc { get; init; }

    /// <summary>Expected calibration error over <see cref="Reliability"/> bins (weighted by bin size).</summary>
    public required double Ece { get; init; }

    /// <summary>Reliability diagram bins: mean predicted probability vs observed positive rate.</summary>
    public required IReadOnlyList<ReliabilityBin> Reliability { get; init; }

    /// <summary>ROC curve points (FPR, TPR), from (0,0) to (1,1).</summary>
    public required IReadOnlyList<(double Fpr, double Tpr)> RocCurve { get; init; }

    /// <summary>Computes every metric. Scores are probabilities in [0, 1].</summary>
    public static BinaryMetrics Compute(IReadOnlyList<(double Score, bool Positive)> data, double threshold, int bins = 10)
    {
        ArgumentNullException.ThrowIfNull(data);
        int tp = 0, fp = 0, tn = 0, fn = 0;
        foreach (var (score, positive) in data)
        {
            var predicted = score >= threshold;
            if (predicted && positive)
            {
                tp++;
            }
            else if (predicted)
            {
                fp++;
            }
            else if (positive)
            {
                fn++;
            }
            else
            {
                tn++;
            }
        }

        var (auc, roc) = Roc(data);
        var reliability = ReliabilityBins(data, bins);
        var ece = data.Count == 0 ? 0 : reliability.Sum(b => b.Count * Math.Abs(b.MeanPredicted - b.ObservedRate)) / data.Count;
        return new BinaryMetrics
        {
            Count = data.Count,
            Positives = tp + fn,
            Threshold = threshold,
            TruePositives = tp,
            FalsePositives = fp,
            TrueNegatives = tn,
            FalseNegatives = fn,
            RocAuc = auc,
            PrAuc = AveragePrecision(data),
            Ece = ece,
            Reliability = reliability,
            RocCurve = roc,
        };
    }

    private static (double Auc, List<(double, double)> Curve) Roc(IReadOnlyList<(double Score, bool Positive)> data)
    {
        var pos = data.Count(d => d.Positive);
        var neg = data.Count - pos;
        var curve = new List<(double, double)> { (0, 0) };
        if (pos == 0 || neg == 0)
        {
            curve.Add((1, 1));
            return (double.NaN, curve);
        }

        double auc = 0, prevFpr = 0, prevTpr = 0;
        foreach (var (tp, fp) in CumulativeByScore(data))
        {
            var fpr = fp / neg;
            var tpr = tp / pos;
            auc += (fpr - prevFpr) * (tpr + prevTpr) / 2;
            curve.Add((fpr, tpr));
            prevFpr = fpr;
            prevTpr = tpr;
        }

        return (auc, Thin(curve, 200));
    }

    /// <summary>Cumulative (true positives, false positives) at each distinct score, highest score first; ties form one step.</summary>
    private static IEnumerable<(double TruePositives, double FalsePositives)> CumulativeByScore(IReadOnlyList<(double Score, bool Positive)> data)
    {
        var sorted = data.OrderByDescending(d => d.Score).ToList();
        double tp = 0, fp = 0;
        var i = 0;
        while (i < sorted.Count)
        {
            var score = sorted[i].Score;
            while (i < sorted.Count && sorted[i].Score == score)
            {
                if (sorted[i].Positive)
                {
                    tp++;
                }
                else
                {
                    fp++;
                }

                i++;
            }

            yield return (tp, fp);
        }
    }

    private static List<(double, double)> Thin(List<(double, double)> curve, int max)
    {
        if (curve.Count <= max)
        {
            return curve;
        }

        var step = (double)(curve.Count - 1) / (max - 1);
        return [.. Enumerable.Range(0, max).Select(k => curve[(int)Math.Round(k * step)])];
    }

    private static double AveragePrecision(IReadOnlyList<(double Score, bool Positive)> data)
    {
        var pos = data.Count(d => d.Positive);
        if (pos == 0)
        {
            return double.NaN;
        }

        double ap = 0, prevRecall = 0;
        foreach (var (tp, fp) in CumulativeByScore(data))
        {
            var recall = tp / pos;
            ap += (recall - prevRecall) * (tp / (tp + fp));
            prevRecall = recall;
        }

        return ap;
    }

    private static List<ReliabilityBin> ReliabilityBins(IReadOnlyList<(double Score, bool Positive)> data, int bins)
    {
        var result = new List<ReliabilityBin>(bins);
        for (var b = 0; b < bins; b++)
        {
            var lo = (double)b / bins;
            var hi = (double)(b + 1) / bins;
            var inBin = data.Where(d => d.Score >= lo && (d.Score < hi || (b == bins - 1 && d.Score <= hi))).ToList();
            result.Add(new ReliabilityBin(lo, hi, inBin.Count,
                inBin.Count == 0 ? 0 : inBin.Average(d => d.Score),
                inBin.Count == 0 ? 0 : inBin.Count(d => d.Positive) / (double)inBin.Count));
        }

        return result;
    }
}

/// <summary>One bin of a reliability diagram.</summary>
public sealed record ReliabilityBin(double Low, double High, int Count, double MeanPredicted, double ObservedRate);
