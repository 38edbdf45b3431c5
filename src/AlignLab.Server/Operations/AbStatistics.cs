namespace AlignLab.Server.Operations;

/// <summary>The statistics of an A/B comparison of two proportions: Wilson intervals and the pooled two-proportion z test.</summary>
public static class AbStatistics
{
    /// <summary>z for a two-sided 95% interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>The Wilson score interval of <paramref name="successes"/> out of <paramref name="trials"/> (0–1 each; [0, 1] when there are no
    /// trials).</summary>
    public static (double Low, double High) Wilson(long successes, long trials, double z = Z95)
    {
        if (trials <= 0)
        {
            return (0, 1);
        }

        var n = (double)trials;
        var p = successes / n;
        var z2 = z * z;
        var centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        var half = z / (1 + z2 / n) * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>
    /// The pooled two-proportion z test of k1/n1 against k2/n2: z (positive when the second rate is higher) and the
    /// two-sided p-value. With no trials on a side, or no variation at all (both rates 0 or both 1), z is 0 and p is 1.
    /// </summary>
    public static (double Z, double P) TwoProportionZ(long k1, long n1, long k2, long n2)
    {
        if (n1 <= 0 || n2 <= 0)
        {
            return (0, 1);
        }

        var p1 = (double)k1 / n1;
        var p2 = (double)k2 / n2;
        var pooled = (double)(k1 + k2) / (n1 + n2);
        var se = Math.Sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        if (!(se > 0))
        {
            return (0, 1);
        }

        var z = (p2 - p1) / se;
        return (z, Math.Min(1, Erfc(Math.Abs(z) / Math.Sqrt(2))));
    }

    /// <summary>
    /// The complementary error function (W. J. Cody's rational Chebyshev approximation as in Numerical Recipes'
    /// <c>erfc</c>, with fractional error below 1.2e-7 everywhere).
    /// </summary>
    public static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + 0.5 * z);
        var r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
            + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
