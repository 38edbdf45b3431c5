namespace AlignLab.Pii;

/// <summary>Shannon entropy of a string's characters, in bits per character.</summary>
internal static class ShannonEntropy
{
    /// <summary>The entropy of the character distribution of <paramref name="s"/> (0 for an empty string).</summary>
    public static double Of(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty)
        {
            return 0;
        }

        Span<int> counts = stackalloc int[128];
        Dictionary<char, int>? other = null;
        foreach (var c in s)
        {
            if (c < 128)
            {
                counts[c]++;
            }
            else
            {
                other ??= [];
                other[c] = other.GetValueOrDefault(c) + 1;
            }
        }

        double h = 0;
        double n = s.Length;
        foreach (var count in counts)
        {
            if (count > 0)
            {
                var p = count / n;
                h -= p * Math.Log2(p);
            }
        }

        foreach (var count in other?.Values ?? Enumerable.Empty<int>())
        {
            var p = count / n;
            h -= p * Math.Log2(p);
        }

        return h;
    }
}
