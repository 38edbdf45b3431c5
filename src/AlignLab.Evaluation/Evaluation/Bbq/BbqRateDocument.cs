namespace AlignLab.Evaluation.Bbq;

/// <summary>A rate in bbq.json, to four decimals; <c>rate</c> is null when nothing was counted.</summary>
internal sealed record BbqRateDocument(int Successes, int Total, double? Rate, double Low, double High)
{
    public static BbqRateDocument From(RateEstimate r) =>
        new(r.Successes, r.Total, r.Total == 0 ? null : Math.Round(r.Rate, 4), Math.Round(r.Low, 4), Math.Round(r.High, 4));
}
