namespace AlignLab.Evaluation.Fairness;

/// <summary>The worst-to-best spread of one rate across the groups (null where fewer than two groups compare).</summary>
internal sealed record GroupDisparityDocument(
    int GroupsCompared,
    GroupExtremeDocument? Worst,
    GroupExtremeDocument? Best,
    double? WorstToBestRatio,
    double? Difference)
{
    public static GroupDisparityDocument From(GroupDisparity d) => new(
        d.GroupsCompared,
        GroupExtremeDocument.From(d, d.Worst),
        GroupExtremeDocument.From(d, d.Best),
        d.Ratio is { } r ? GroupRateDocument.Round(r) : null,
        d.Difference is { } x ? GroupRateDocument.Round(x) : null);
}
