namespace AlignLab.Evaluation.Fairness;

/// <summary>A group's rate in the per-group block, to four decimals, with whether the group is too small to compare.</summary>
internal sealed record GroupRateDocument(int Successes, int Total, double? Rate, double Low, double High, bool TooSmall)
{
    public static GroupRateDocument From(RateEstimate r, bool estimable) =>
        new(r.Successes, r.Total, r.Total == 0 ? null : Round(r.Rate), Round(r.Low), Round(r.High), !estimable && r.Total > 0);

    public static double Round(double v) => Math.Round(v, 4);
}
