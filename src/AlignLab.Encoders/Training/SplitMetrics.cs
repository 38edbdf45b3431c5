namespace AlignLab.Encoders.Training;

/// <summary>Accuracy, recall and FPR of one system on one labelled set.</summary>
public sealed record SplitMetrics(int Count, int Positives, double Accuracy, double Recall, double Fpr)
{
    /// <summary>Metrics of decisions against labels.</summary>
    public static SplitMetrics Of(IReadOnlyList<bool> labels, IReadOnlyList<bool> flagged)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(flagged);
        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            (tp, fp, tn, fn) = (labels[i], flagged[i]) switch
            {
                (true, true) => (tp + 1, fp, tn, fn),
                (false, true) => (tp, fp + 1, tn, fn),
                (false, false) => (tp, fp, tn + 1, fn),
                _ => (tp, fp, tn, fn + 1),
            };
        }

        var n = labels.Count;
        return new SplitMetrics(n, tp + fn, n == 0 ? double.NaN : (tp + tn) / (double)n, tp + fn == 0 ? double.NaN : tp / (double)(tp + fn),
            fp + tn == 0 ? double.NaN : fp / (double)(fp + tn));
    }
}
