namespace AlignLab.Evaluation.Reports;

/// <summary>A <see cref="RateEstimate"/> as every report file writes it: successes, total, rate, low, high.</summary>
internal sealed record RateDocument(int Successes, int Total, double Rate, double Low, double High)
{
    public static RateDocument? From(RateEstimate? r) => r is null ? null : Of(r);

    public static RateDocument Of(RateEstimate r) => new(r.Successes, r.Total, r.Rate, r.Low, r.High);
}
