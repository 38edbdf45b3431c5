namespace AlignLab.Classification.Data;

/// <summary>Deterministic sampling helpers.</summary>
internal static class Sampling
{
    /// <summary>
    /// Splits <paramref name="total"/> between strata in proportion to their sizes (largest remainder, ties to the
    /// earlier stratum); no stratum gets more than its size. When the total covers every row, every row is kept.
    /// </summary>
    public static int[] Proportional(int[] sizes, int total)
    {
        var n = sizes.Sum();
        if (total >= n)
        {
            return [.. sizes];
        }

        var quotas = new int[sizes.Length];
        var remainders = new double[sizes.Length];
        for (var i = 0; i < sizes.Length; i++)
        {
            var exact = (double)total * sizes[i] / n;
            quotas[i] = (int)Math.Floor(exact);
            remainders[i] = exact - quotas[i];
        }

        var left = total - quotas.Sum();
        foreach (var i in Enumerable.Range(0, sizes.Length).OrderByDescending(i => remainders[i]).ThenBy(i => i))
        {
            if (left == 0)
            {
                break;
            }

            if (quotas[i] < sizes[i])
            {
                quotas[i]++;
                left--;
            }
        }

        return quotas;
    }
}
