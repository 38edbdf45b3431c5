namespace AlignLab.Evaluation;

/// <summary>A proportion with its 95% Wilson score confidence interval (<see cref="WilsonInterval"/>; asymmetric near 0 and 1).</summary>
/// <param name="Successes">Numerator.</param>
/// <param name="Total">Denominator.</param>
/// <param name="Low">Lower bound of the 95% interval.</param>
/// <param name="High">Upper bound of the 95% interval.</param>
public sealed record RateEstimate(int Successes, int Total, double Low, double High)
{
    /// <summary>Successes ÷ total (0 when there are no cases).</summary>
    public double Rate => Total == 0 ? 0 : (double)Successes / Total;
}
