namespace AlignLab.Evaluation.Fairness;

/// <summary>The worst or best group of a disparity and its rate.</summary>
internal sealed record GroupExtremeDocument(string Group, double Rate)
{
    public static GroupExtremeDocument? From(GroupDisparity d, GroupRates? g) =>
        g is null ? null : new(g.Group, GroupRateDocument.Round(GroupFairnessWriter.Rate(d, g).Rate));
}
