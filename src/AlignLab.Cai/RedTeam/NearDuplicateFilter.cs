using System.Globalization;
using System.Text;

namespace AlignLab.Cai.RedTeam;

/// <summary>
/// Keeps texts that are neither the same after normalisation (case, accents' compatibility forms, punctuation and
/// spacing) nor near-duplicates of a kept text: the Jaccard similarity of their character 3-gram sets is at least the
/// threshold. Each new text is compared with every kept one (fine for the thousands of prompts a red-team run writes).
/// </summary>
public sealed class NearDuplicateFilter
{
    private readonly HashSet<string> _normalised = new(StringComparer.Ordinal);
    private readonly List<HashSet<int>> _shingles = [];
    private readonly double _threshold;

    /// <summary>
    /// Creates a filter; <paramref name="threshold"/> is the 3-gram Jaccard similarity from which two texts are duplicates
    /// (default 0.7).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The threshold is not in (0, 1].</exception>
    public NearDuplicateFilter(double threshold = 0.7)
    {
        if (!double.IsFinite(threshold) || threshold is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold must be in (0, 1].");
        }

        _threshold = threshold;
    }

    /// <summary>Texts kept so far.</summary>
    public int Count => _shingles.Count;

    /// <summary>Keeps <paramref name="text"/> and returns true unless it duplicates a kept text.</summary>
    public bool TryAdd(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normal = Normalise(text);
        if (normal.Length == 0 || _normalised.Contains(normal))
        {
            return false;
        }

        var shingles = Shingles(normal);
        foreach (var kept in _shingles)
        {
            if (Jaccard(shingles, kept) >= _threshold)
            {
                return false;
            }
        }

        _normalised.Add(normal);
        _shingles.Add(shingles);
        return true;
    }

    /// <summary>Lower case, compatibility-normalised, letters and digits only, single spaces.</summary>
    public static string Normalise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetterOrDigit(c))
            {
                if (space && sb.Length > 0)
                {
                    sb.Append(' ');
                }

                sb.Append(char.ToLower(c, CultureInfo.InvariantCulture));
                space = false;
            }
            else
            {
                space = true;
            }
        }

        return sb.ToString();
    }

    /// <summary>The Jaccard similarity of two texts' character 3-gram sets (after <see cref="Normalise"/>).</summary>
    public static double Similarity(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return Jaccard(Shingles(Normalise(a)), Shingles(Normalise(b)));
    }

    private static HashSet<int> Shingles(string normal)
    {
        var set = new HashSet<int>();
        if (normal.Length < 3)
        {
            set.Add(string.GetHashCode(normal, StringComparison.Ordinal));
            return set;
        }

        for (var i = 0; i + 3 <= normal.Length; i++)
        {
            set.Add(string.GetHashCode(normal.AsSpan(i, 3), StringComparison.Ordinal));
        }

        return set;
    }

    private static double Jaccard(HashSet<int> a, HashSet<int> b)
    {
        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        var shared = small.Count(large.Contains);
        var union = a.Count + b.Count - shared;
        return union == 0 ? 1 : (double)shared / union;
    }
}
