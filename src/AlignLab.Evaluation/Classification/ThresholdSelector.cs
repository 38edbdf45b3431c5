namespace AlignLab.Classification;

/// <summary>Chooses decision thresholds from scored validation data.</summary>
public static class ThresholdSelector
{
    /// <summary>
    /// The lowest threshold whose false-positive rate on <paramref name="scored"/> is at most
    /// <paramref name="targetFpr"/> (so recall is as high as the FPR budget allows). 0.5 when there are no negatives.
    /// </summary>
    public static double ForTargetFpr(IReadOnlyList<(double Score, bool Positive)> scored, double targetFpr)
    {
        ArgumentNullException.ThrowIfNull(scored);
        var negatives = scored.Where(s => !s.Positive).Select(s => s.Score).OrderDescending().ToList();
        if (negatives.Count == 0 || !scored.Any(s => s.Positive))
        {
            return 0.5;
        }

        // Allow k false positives; the threshold sits just above the (k+1)-th highest negative score.
        var k = (int)Math.Floor(targetFpr * negatives.Count);
        if (k >= negatives.Count)
        {
            return 0.0;
        }

        // Scores are single-precision at inference: step just above the bound in float, so that the
        // (k+1)-th negative is really excluded (a double step would round back to the bound).
        var bound = (float)negatives[k];
        return MathF.BitIncrement(Math.Max(bound, 1e-6f));
    }
}
