namespace AlignLab.Diagnostics;

/// <summary>"Did you mean" suggestions by edit distance.</summary>
public static class Suggestions
{
    /// <summary>The closest candidate within a distance proportional to its length, or null.</summary>
    public static string? Closest(string input, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var d = Distance(input.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (d < bestDistance)
            {
                bestDistance = d;
                best = candidate;
            }
        }

        if (best is null)
        {
            return null;
        }

        var allowed = Math.Max(2, best.Length / 3);
        return bestDistance <= allowed ? best : null;
    }

    /// <summary>A hint string "did you mean 'x'?", or a list of allowed values when nothing is close.</summary>
    public static string Hint(string input, IReadOnlyCollection<string> candidates)
    {
        var closest = Closest(input, candidates);
        return closest is not null
            ? $"did you mean '{closest}'?"
            : "expected one of: " + string.Join(", ", candidates);
    }

    /// <summary>Optimal string alignment distance (Levenshtein plus adjacent transposition).</summary>
    public static int Distance(string a, string b)
    {
        if (a.Length > 64 || b.Length > 64)
        {
            return Math.Max(a.Length, b.Length);
        }

        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
