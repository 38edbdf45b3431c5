namespace AlignLab.Server.Preferences.Ratings;

/// <summary>
/// Cohen's kappa (two raters) and Fleiss' kappa (three or more) over categorical ratings. Fleiss' kappa takes items with
/// different numbers of ratings (each item's agreement is over its own raters, as in the usual generalisation); with the
/// same number everywhere it is Fleiss' (1971) statistic.
/// </summary>
internal static class InterRaterAgreement
{
    /// <summary>Agreement of a batch's ratings on the pairwise choice (first, second, tie).</summary>
    public static Agreement Of(IEnumerable<RatingRecord> ratings)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        var byItem = ratings.GroupBy(r => r.ItemId).ToList();
        var raters = byItem.SelectMany(g => g).Select(r => r.Rater).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (raters.Count < 2)
        {
            return new Agreement("none", null, 0, raters.Count, null);
        }

        if (raters.Count == 2)
        {
            var pairs = new List<(int, int)>();
            foreach (var item in byItem)
            {
                var a = item.FirstOrDefault(r => r.Rater == raters[0]);
                var b = item.FirstOrDefault(r => r.Rater == raters[1]);
                if (a is not null && b is not null)
                {
                    pairs.Add(((int)a.Winner, (int)b.Winner));
                }
            }

            var (kappa, observed) = Cohen(pairs, 3);
            return new Agreement("cohen", kappa, pairs.Count, 2, observed);
        }

        var counts = byItem.Where(g => g.Count() >= 2).Select(g =>
        {
            var row = new int[3];
            foreach (var r in g)
            {
                row[(int)r.Winner]++;
            }

            return row;
        }).ToList();
        var (fleiss, agreement) = Fleiss(counts);
        return new Agreement("fleiss", fleiss, counts.Count, raters.Count, agreement);
    }

    /// <summary>Cohen's kappa of two raters' categories (0 to <paramref name="categories"/> − 1), and the observed agreement.</summary>
    public static (double? Kappa, double? Observed) Cohen(IReadOnlyList<(int A, int B)> pairs, int categories)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.Count == 0)
        {
            return (null, null);
        }

        var rowTotals = new double[categories];
        var columnTotals = new double[categories];
        var agreed = 0;
        foreach (var (a, b) in pairs)
        {
            rowTotals[a]++;
            columnTotals[b]++;
            agreed += a == b ? 1 : 0;
        }

        double n = pairs.Count;
        var observed = agreed / n;
        var expected = 0.0;
        for (var k = 0; k < categories; k++)
        {
            expected += rowTotals[k] / n * (columnTotals[k] / n);
        }

        return (expected >= 1 ? null : (observed - expected) / (1 - expected), observed);
    }

    /// <summary>Fleiss' kappa from per-item category counts (an item needs at least two ratings), and the mean agreement P̄.</summary>
    public static (double? Kappa, double? Observed) Fleiss(IReadOnlyList<int[]> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.Count == 0)
        {
            return (null, null);
        }

        var categories = counts[0].Length;
        var totals = new double[categories];
        double ratings = 0, sumAgreement = 0;
        foreach (var row in counts)
        {
            var n = row.Sum();
            if (n < 2 || row.Length != categories)
            {
                throw new ArgumentException("every item needs at least two ratings over the same categories", nameof(counts));
            }

            var same = 0.0;
            for (var j = 0; j < categories; j++)
            {
                totals[j] += row[j];
                same += (double)row[j] * (row[j] - 1);
            }

            ratings += n;
            sumAgreement += same / ((double)n * (n - 1));
        }

        var observed = sumAgreement / counts.Count;
        var expected = totals.Sum(t => t / ratings * (t / ratings));
        return (expected >= 1 ? null : (observed - expected) / (1 - expected), observed);
    }
}
