using System.Buffers;

namespace AlignLab.Pii;

/// <summary>
/// Finds telephone numbers by splitting a candidate into digit groups (separated by one space, '-', '.' or '/', or
/// in parentheses) and accepting the longest prefix of groups that fits one of three formats:
/// <list type="bullet">
/// <item>international: <c>+</c> or <c>00</c> and a country code, 8–15 digits (<c>+44 20 7946 0958</c>, <c>+4915112345678</c>);</item>
/// <item>North American: <c>(NXX) NXX-XXXX</c>, <c>NXX-NXX-XXXX</c>, <c>NXX.NXX.XXXX</c>, <c>NXX NXX XXXX</c>, optionally after <c>1</c>;</item>
/// <item>European national: a trunk <c>0</c>, 9–12 digits in at least two groups with one kind of separator
/// (<c>020 7946 0958</c>, <c>06 12 34 56 78</c>, <c>(030) 12345678</c>, <c>089/1234567</c>).</item>
/// </list>
/// A candidate must start and end at a number boundary, and the matched groups must not be followed by another group
/// with the same separator (a longer number list). Undelimited digit runs without '+' are never phones.
/// Work per candidate start is bounded, so the scan is linear.
/// </summary>
internal static class PhoneScanner
{
    private const int MaxGroups = 8;
    private const int MaxGroupDigits = 15;
    private static readonly SearchValues<char> Starts = SearchValues.Create("+(0123456789");

    private struct Group
    {
        public int Start;
        public int Length;
        public char SepBefore;
        public bool Paren;
    }

    public static void Scan(ReadOnlySpan<char> text, List<PiiEntity> sink)
    {
        Span<Group> groups = stackalloc Group[MaxGroups];
        var pos = 0;
        while (pos < text.Length)
        {
            var rel = text[pos..].IndexOfAny(Starts);
            if (rel < 0)
            {
                return;
            }

            var s = pos + rel;
            if (ScanChars.IsDigit(text[s]) && s > 0 && ScanChars.IsDigit(text[s - 1]))
            {
                // inside a digit run: skip to its end
                var e = s;
                while (e < text.Length && ScanChars.IsDigit(text[e]))
                {
                    e++;
                }

                pos = e;
                continue;
            }

            var end = TryMatch(text, s, groups, out var subtype, out var confidence);
            if (end > s)
            {
                sink.Add(new PiiEntity(PiiKind.Phone, s, end - s, subtype, confidence));
                pos = end;
            }
            else
            {
                pos = s + 1;
            }
        }
    }

    private static int TryMatch(ReadOnlySpan<char> text, int s, Span<Group> groups, out string? subtype, out double confidence)
    {
        subtype = null;
        confidence = 0;
        if (s > 0)
        {
            var prev = text[s - 1];
            if (text[s] == '+' ? ScanChars.IsWordChar(prev) || prev is ')' or '+' or '-' or '.' : ScanChars.ContinuesNumberBefore(text, s))
            {
                return -1;
            }

            if (text[s] == '(' && char.IsLetter(prev))
            {
                return -1; // a call: f(555)
            }
        }

        var p = s;
        var plus = false;
        if (text[p] == '+')
        {
            plus = true;
            p++;
        }

        var count = 0;
        var sep = '\0';
        while (count < MaxGroups && p < text.Length)
        {
            var c = text[p];
            if (c == '(')
            {
                var q = p + 1;
                while (q < text.Length && ScanChars.IsDigit(text[q]) && q - p <= 5)
                {
                    q++;
                }

                if (q == p + 1 || ScanChars.At(text, q) != ')')
                {
                    break;
                }

                groups[count++] = new Group { Start = p + 1, Length = q - p - 1, SepBefore = sep, Paren = true };
                p = q + 1;
            }
            else if (ScanChars.IsDigit(c))
            {
                var q = p;
                while (q < text.Length && ScanChars.IsDigit(text[q]))
                {
                    if (q - p >= MaxGroupDigits)
                    {
                        return -1; // a long digit run is not a phone number
                    }

                    q++;
                }

                groups[count++] = new Group { Start = p, Length = q - p, SepBefore = sep, Paren = false };
                p = q;
            }
            else
            {
                break;
            }

            var n = ScanChars.At(text, p);
            if (n is ' ' or '-' or '.' or '/' && (ScanChars.IsDigit(ScanChars.At(text, p + 1)) || ScanChars.At(text, p + 1) == '('))
            {
                sep = n;
                p++;
            }
            else if (groups[count - 1].Paren && ScanChars.IsDigit(n))
            {
                sep = '\0';
            }
            else
            {
                break;
            }
        }

        if (count == 0)
        {
            return -1;
        }

        for (var k = count; k >= 1; k--)
        {
            var matched = groups[..k];
            char mainSep;
            if (plus)
            {
                if (!IsInternational(text, matched, plusPrefix: true, out mainSep))
                {
                    continue;
                }

                subtype = "international";
                confidence = 0.9;
            }
            else if (IsInternational(text, matched, plusPrefix: false, out mainSep))
            {
                subtype = "international";
                confidence = 0.85;
            }
            else if (IsNorthAmerican(text, matched, out mainSep))
            {
                subtype = "north_american";
                confidence = mainSep == '-' || matched[^3].Paren ? 0.85 : 0.7;
            }
            else if (IsEuropeanNational(text, matched, out mainSep))
            {
                subtype = "national";
                confidence = 0.65;
            }
            else
            {
                continue;
            }

            var last = matched[^1];
            var end = last.Start + last.Length + (last.Paren ? 1 : 0);
            if (k < count && groups[k].SepBefore == mainSep)
            {
                return -1; // more groups with the same separator: a longer number list
            }

            if (k == count && (ScanChars.ContinuesNumberAfter(text, end) || (count == MaxGroups && p > end)))
            {
                return -1;
            }

            if (k < count && ScanChars.IsWordChar(ScanChars.At(text, end)))
            {
                return -1;
            }

            return end;
        }

        return -1;
    }

    private static int Digits(ReadOnlySpan<Group> groups)
    {
        var d = 0;
        foreach (var g in groups)
        {
            d += g.Length;
        }

        return d;
    }

    private static bool IsInternational(ReadOnlySpan<char> text, ReadOnlySpan<Group> g, bool plusPrefix, out char mainSep)
    {
        mainSep = g.Length > 1 ? g[^1].SepBefore : '\0';
        var digits = Digits(g);
        if (g[0].Paren || g[^1].Paren)
        {
            return false;
        }

        if (plusPrefix)
        {
            if (g.Length == 1)
            {
                return digits is >= 10 and <= 15;
            }

            return digits is >= 8 and <= 15 && g[0].Length <= 4 && g[^1].Length >= 2;
        }

        // 00 and the country code as the first group (0044 20 7946 0958)
        return g.Length >= 2 && g[0].Length is >= 3 and <= 5 && text[g[0].Start] == '0' && text[g[0].Start + 1] == '0'
            && text[g[0].Start + 2] != '0' && digits - 2 is >= 9 and <= 15 && g[^1].Length >= 2 && SameSeparators(g, 1, out mainSep);
    }

    private static bool IsNorthAmerican(ReadOnlySpan<char> text, ReadOnlySpan<Group> g, out char mainSep)
    {
        mainSep = '\0';
        var i0 = 0;
        if (g.Length == 4 && g[0].Length == 1 && !g[0].Paren && text[g[0].Start] == '1')
        {
            i0 = 1;
        }

        if (g.Length - i0 != 3)
        {
            return false;
        }

        Group area = g[i0], exchange = g[i0 + 1], line = g[i0 + 2];
        if (area.Length != 3 || exchange.Length != 3 || line.Length != 4 || exchange.Paren || line.Paren
            || text[area.Start] < '2' || text[exchange.Start] < '2')
        {
            return false;
        }

        mainSep = line.SepBefore;
        if (mainSep is not ('-' or '.' or ' '))
        {
            return false;
        }

        if (area.Paren ? exchange.SepBefore is not (' ' or '\0' or '-') : exchange.SepBefore != mainSep)
        {
            return false;
        }

        return i0 == 0 || area.SepBefore is '-' or ' ' or '.';
    }

    private static bool IsEuropeanNational(ReadOnlySpan<char> text, ReadOnlySpan<Group> g, out char mainSep)
    {
        mainSep = '\0';
        if (g.Length < 2 || g[0].Length is < 2 or > 5 || text[g[0].Start] != '0' || text[g[0].Start + 1] == '0'
            || g[^1].Length < 2 || g[^1].Paren)
        {
            return false;
        }

        var digits = Digits(g);
        if (digits is < 9 or > 12)
        {
            return false;
        }

        for (var i = 1; i < g.Length; i++)
        {
            if (g[i].Paren)
            {
                return false;
            }
        }

        int from;
        if (g[0].Paren)
        {
            if (g[1].SepBefore is not (' ' or '\0'))
            {
                return false;
            }

            if (g.Length == 2)
            {
                mainSep = g[1].SepBefore;
                return true;
            }

            from = 2;
        }
        else
        {
            from = 1;
        }

        if (!SameSeparators(g, from, out mainSep) || mainSep is not (' ' or '-' or '/' or '.'))
        {
            return false;
        }

        return mainSep != '.' || g.Length >= 3;
    }

    /// <summary>Whether the separators before groups <paramref name="from"/>.. are all the same one.</summary>
    private static bool SameSeparators(ReadOnlySpan<Group> g, int from, out char sep)
    {
        sep = from < g.Length ? g[from].SepBefore : '\0';
        for (var i = from + 1; i < g.Length; i++)
        {
            if (g[i].SepBefore != sep)
            {
                return false;
            }
        }

        return true;
    }
}
