using System.Globalization;

namespace AlignLab.Rules;

/// <summary>
/// Estimates what a pattern costs the linear-time (NonBacktracking) engine: the distinct characters, range ends and
/// classes it names. The engine splits the alphabet by every set in the pattern and its automaton grows with the
/// square of the number of parts: 1,000 distinct CJK characters in one regex take 13 s and 750 MB to compile, while a
/// regex over ASCII letters stays near 1 MB. The estimate errs on the high side (a group name counts as letters).
/// </summary>
internal static class RegexCharacterSets
{
    /// <summary>Adds the sets <paramref name="pattern"/> names to <paramref name="sets"/> (letters case-folded unless case-sensitive).</summary>
    public static void Collect(string pattern, bool caseSensitive, HashSet<string> sets)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(sets);
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            switch (c)
            {
                case '\\':
                    i = Escape(pattern, i, caseSensitive, sets);
                    break;
                case '[':
                    i = Class(pattern, i, caseSensitive, sets);
                    break;
                case '{' when Quantifier(pattern, i) is var end and > 0:
                    i = end;
                    break;
                case '(' or ')' or '|' or '*' or '+' or '?' or '^' or '$':
                    i++;
                    break;
                case '.':
                    sets.Add(".");
                    i++;
                    break;
                default:
                    Add(c, caseSensitive, sets);
                    i++;
                    break;
            }
        }
    }

    private static void Add(char c, bool caseSensitive, HashSet<string> sets) =>
        sets.Add((caseSensitive ? c : char.ToLowerInvariant(c)).ToString());

    /// <summary>The index after a {n}, {n,} or {n,m} quantifier at <paramref name="start"/>, or 0 when it is a literal brace.</summary>
    private static int Quantifier(string p, int start)
    {
        var i = start + 1;
        var digits = 0;
        while (i < p.Length && (char.IsAsciiDigit(p[i]) || p[i] == ','))
        {
            digits += char.IsAsciiDigit(p[i]) ? 1 : 0;
            i++;
        }

        return digits > 0 && i < p.Length && p[i] == '}' ? i + 1 : 0;
    }

    /// <summary>Reads the escape at <paramref name="start"/> (a backslash); returns the index after it.</summary>
    private static int Escape(string p, int start, bool caseSensitive, HashSet<string> sets)
    {
        var i = start + 1;
        if (i >= p.Length)
        {
            return i;
        }

        var e = p[i];
        switch (e)
        {
            case 'p' or 'P':
                var close = p.IndexOf('}', i);
                var end = close < 0 ? p.Length : close + 1;
                sets.Add(@"\p" + p[(i + 1)..end]);
                return end;
            case 'w' or 'W' or 'b' or 'B':
                sets.Add(@"\w");
                return i + 1;
            case 'd' or 'D':
                sets.Add(@"\d");
                return i + 1;
            case 's' or 'S':
                sets.Add(@"\s");
                return i + 1;
            case 'A' or 'z' or 'Z' or 'G':
                return i + 1;
            case 'u' or 'x':
                var length = e == 'u' ? 4 : 2;
                var hex = p.Length >= i + 1 + length ? p.AsSpan(i + 1, length) : [];
                if (int.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                {
                    Add((char)code, caseSensitive, sets);
                    return i + 1 + length;
                }

                return i + 1;
            default:
                var escaped = e switch { 't' => '\t', 'n' => '\n', 'r' => '\r', 'f' => '\f', 'v' => '\v', 'e' => '\u001B', 'a' => '\a', _ => e };
                Add(escaped, caseSensitive, sets);
                return i + 1;
        }
    }

    /// <summary>Reads the character class at <paramref name="start"/> (a '['), with nested subtractions; returns the index after it.</summary>
    private static int Class(string p, int start, bool caseSensitive, HashSet<string> sets)
    {
        var i = start + 1;
        if (i < p.Length && p[i] == '^')
        {
            i++;
        }

        var first = true;
        while (i < p.Length)
        {
            var c = p[i];
            if (c == ']' && !first)
            {
                return i + 1;
            }

            first = false;
            if (c == '\\')
            {
                i = Escape(p, i, caseSensitive, sets);
            }
            else if (c == '[' && i > 0 && p[i - 1] == '-')
            {
                i = Class(p, i, caseSensitive, sets);
            }
            else
            {
                if (c != '-')
                {
                    Add(c, caseSensitive, sets);
                }

                i++;
            }
        }

        return i;
    }
}
