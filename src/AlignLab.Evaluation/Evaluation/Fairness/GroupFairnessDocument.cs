namespace AlignLab.Evaluation.Fairness;

/// <summary>The per-group block written by <see cref="GroupFairnessWriter.WriteJson"/>; property order is file order.</summary>
internal sealed record GroupFairnessDocument(
    string Column,
    int MinGroupSize,
    GroupDisparityDocument Fpr,
    GroupDisparityDocument Recall,
    IReadOnlyList<GroupRatesDocument> Groups)
{
    public static GroupFairnessDocument From(GroupFairnessReport r) => new(
        r.Column,
        r.MinGroupSize,
        GroupDisparityDocument.From(r.FalsePositiveRate),
        GroupDisparityDocument.From(r.Recall),
        [.. r.Groups.Select(GroupRatesDocument.From)]);
}
