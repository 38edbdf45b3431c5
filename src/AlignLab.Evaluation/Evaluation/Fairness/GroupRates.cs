namespace AlignLab.Evaluation.Fairness;

/// <summary>
/// How a scorer did on one group: recall on its unsafe texts and false-positive rate on its benign texts, each with its
/// 95% Wilson interval. A rate whose denominator is under the report's minimum group size is shown but not estimable:
/// it is left out of the worst-to-best comparison.
/// </summary>
/// <param name="Group">The group.</param>
/// <param name="Count">Texts in the group.</param>
/// <param name="Recall">Flagged unsafe texts out of the group's unsafe texts.</param>
/// <param name="FalsePositiveRate">Flagged benign texts out of the group's benign texts.</param>
/// <param name="RecallEstimable">Whether the group has at least the minimum number of unsafe texts.</param>
/// <param name="FprEstimable">Whether the group has at least the minimum number of benign texts.</param>
public sealed record GroupRates(string Group, int Count, RateEstimate Recall, RateEstimate FalsePositiveRate, bool RecallEstimable, bool FprEstimable)
{
    /// <summary>Unsafe texts in the group.</summary>
    public int Positives => Recall.Total;

    /// <summary>Benign texts in the group.</summary>
    public int Negatives => FalsePositiveRate.Total;
}
