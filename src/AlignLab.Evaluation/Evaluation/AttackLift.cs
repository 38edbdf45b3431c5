namespace AlignLab.Evaluation;

/// <summary>
/// One transform against the requests as written, on the same base cases (each transformed variant paired with its
/// parent): how often each succeeded, and the difference with its 95% interval (Newcombe's hybrid score interval for
/// paired proportions, built from the two Wilson intervals). A lift of 0 means the transform adds nothing over
/// sending the same requests unmodified.
/// </summary>
/// <param name="Pairs">Variants whose parent (the request as written) was also run.</param>
/// <param name="BothSucceeded">Pairs where both the variant and its parent succeeded.</param>
/// <param name="TransformedOnly">Pairs where only the variant succeeded (the transform got through).</param>
/// <param name="AsWrittenOnly">Pairs where only the parent succeeded (the transform made it worse for the attacker).</param>
/// <param name="Low">Lower end of the 95% interval of <see cref="Lift"/>.</param>
/// <param name="High">Upper end of the 95% interval of <see cref="Lift"/>.</param>
public sealed record AttackLift(int Pairs, int BothSucceeded, int TransformedOnly, int AsWrittenOnly, double Low, double High)
{
    /// <summary>Attack success of the variants in the pairs.</summary>
    public double TransformedRate => Pairs == 0 ? 0 : (double)(BothSucceeded + TransformedOnly) / Pairs;

    /// <summary>Attack success of the same requests as written.</summary>
    public double AsWrittenRate => Pairs == 0 ? 0 : (double)(BothSucceeded + AsWrittenOnly) / Pairs;

    /// <summary><see cref="TransformedRate"/> − <see cref="AsWrittenRate"/>, in [−1, 1].</summary>
    public double Lift => Pairs == 0 ? 0 : (double)(TransformedOnly - AsWrittenOnly) / Pairs;

    /// <summary>The lift and its interval for the paired counts.</summary>
    public static AttackLift Of(int pairs, int bothSucceeded, int transformedOnly, int asWrittenOnly)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bothSucceeded);
        ArgumentOutOfRangeException.ThrowIfNegative(transformedOnly);
        ArgumentOutOfRangeException.ThrowIfNegative(asWrittenOnly);
        var neither = pairs - bothSucceeded - transformedOnly - asWrittenOnly;
        ArgumentOutOfRangeException.ThrowIfNegative(neither, nameof(pairs));
        if (pairs == 0)
        {
            return new AttackLift(0, 0, 0, 0, 0, 0);
        }

        double a = bothSucceeded, b = transformedOnly, c = asWrittenOnly, d = neither, n = pairs;
        var p1 = (a + b) / n;
        var p2 = (a + c) / n;
        var (l1, u1) = WilsonInterval.Bounds(bothSucceeded + transformedOnly, pairs);
        var (l2, u2) = WilsonInterval.Bounds(bothSucceeded + asWrittenOnly, pairs);

        // Correlation of the pair, continuity-corrected as in Newcombe (1998), method 10.
        var denominator = Math.Sqrt((a + b) * (c + d) * (a + c) * (b + d));
        var numerator = (a * d) - (b * c);
        numerator = numerator > 0 ? Math.Max(numerator - (n / 2), 0) : numerator;
        var phi = denominator == 0 ? 0 : numerator / denominator;

        var lift = p1 - p2;
        var below = Math.Sqrt(Math.Max(0, Sq(p1 - l1) - (2 * phi * (p1 - l1) * (u2 - p2)) + Sq(u2 - p2)));
        var above = Math.Sqrt(Math.Max(0, Sq(u1 - p1) - (2 * phi * (u1 - p1) * (p2 - l2)) + Sq(p2 - l2)));
        return new AttackLift(pairs, bothSucceeded, transformedOnly, asWrittenOnly, Math.Max(-1, Math.Min(lift, lift - below)), Math.Min(1, Math.Max(lift, lift + above)));
    }

    private static double Sq(double x) => x * x;
}
