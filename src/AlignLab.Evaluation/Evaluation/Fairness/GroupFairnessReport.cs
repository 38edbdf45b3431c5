namespace AlignLab.Evaluation.Fairness;

/// <summary>Per-group recall and false-positive rate of a scorer, and their worst-to-best spread.</summary>
/// <param name="Column">The column the groups were read from.</param>
/// <param name="MinGroupSize">The fewest texts of a class (unsafe for recall, benign for FPR) a group needs for that rate to be compared.</param>
/// <param name="Groups">Every group, ordered by name.</param>
/// <param name="FalsePositiveRate">The spread of the false-positive rate.</param>
/// <param name="Recall">The spread of recall.</param>
public sealed record GroupFairnessReport(
    string Column, int MinGroupSize, IReadOnlyList<GroupRates> Groups, GroupDisparity FalsePositiveRate, GroupDisparity Recall)
{
    /// <summary>Groups with too few unsafe or too few benign texts for one of the rates (each such rate is still shown, with its interval).</summary>
    public IEnumerable<GroupRates> TooSmall => Groups.Where(g => (g.Positives > 0 && !g.RecallEstimable) || (g.Negatives > 0 && !g.FprEstimable));
}
