namespace AlignLab.Evaluation.Fairness;

/// <summary>One group in the per-group block: its counts, recall and false-positive rate.</summary>
internal sealed record GroupRatesDocument(string Group, int Count, int Positives, int Negatives, GroupRateDocument Recall, GroupRateDocument Fpr)
{
    public static GroupRatesDocument From(GroupRates g) => new(
        g.Group,
        g.Count,
        g.Positives,
        g.Negatives,
        GroupRateDocument.From(g.Recall, g.RecallEstimable),
        GroupRateDocument.From(g.FalsePositiveRate, g.FprEstimable));
}
