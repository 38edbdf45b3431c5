namespace AlignLab.Classification;

/// <summary>
/// Platt scaling: fits p = σ(A·z + B) to (logit, label) pairs by minimising the log-loss against Platt's
/// smoothed targets, with Newton steps and a backtracking line search (so that nearly separable data, where
/// the Hessian vanishes, cannot make the fit diverge).
/// </summary>
public static class PlattScaling
{
    /// <summary>Returns (A, B). With one class missing, returns the identity (1, 0).</summary>
    public static (float A, float B) Fit(IReadOnlyList<(double Logit, bool Positive)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var pos = points.Count(p => p.Positive);
        var neg = points.Count - pos;
        if (pos == 0 || neg == 0)
        {
            return (1f, 0f);
        }

        var hi = (pos + 1.0) / (pos + 2.0);
        var lo = 1.0 / (neg + 2.0);
        double a = 1, b = 0;
        var f = Loss(points, a, b, hi, lo);
        for (var iter = 0; iter < 100; iter++)
        {
            double ga = 0, gb = 0, haa = 1e-12, hab = 0, hbb = 1e-12;
            foreach (var (z, positive) in points)
            {
                var t = positive ? hi : lo;
                var p = Sigmoid((a * z) + b);
                var d = p - t;
                var w = Math.Max(p * (1 - p), 1e-12);
                ga += d * z;
                gb += d;
                haa += w * z * z;
                hab += w * z;
                hbb += w;
            }

            if (Math.Abs(ga) < 1e-6 && Math.Abs(gb) < 1e-6)
            {
                break;
            }

            var det = (haa * hbb) - (hab * hab);
            var da = -((hbb * ga) - (hab * gb)) / det;
            var db = -((haa * gb) - (hab * ga)) / det;
            var descent = (ga * da) + (gb * db);
            if (!double.IsFinite(descent) || descent >= 0)
            {
                // Not a descent direction (ill-conditioned Hessian): fall back to the gradient.
                da = -ga;
                db = -gb;
                descent = -((ga * ga) + (gb * gb));
            }

            var step = 1.0;
            var improved = false;
            while (step > 1e-10)
            {
                var na = a + (step * da);
                var nb = b + (step * db);
                var nf = Loss(points, na, nb, hi, lo);
                if (nf <= f + (1e-4 * step * descent))
                {
                    a = na;
                    b = nb;
                    f = nf;
                    improved = true;
                    break;
                }

                step /= 2;
            }

            if (!improved)
            {
                break;
            }
        }

        return double.IsFinite(a) && double.IsFinite(b) ? ((float)a, (float)b) : (1f, 0f);
    }

    private static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    private static double Loss(IReadOnlyList<(double Logit, bool Positive)> points, double a, double b, double hi, double lo)
    {
        double sum = 0;
        foreach (var (z, positive) in points)
        {
            var t = positive ? hi : lo;
            var x = (a * z) + b;

            // log(1 + e^x) computed stably; loss = log(1+e^x) - t·x.
            var softplus = x > 0 ? x + Math.Log(1 + Math.Exp(-x)) : Math.Log(1 + Math.Exp(x));
            sum += softplus - (t * x);
        }

        return sum;
    }
}
