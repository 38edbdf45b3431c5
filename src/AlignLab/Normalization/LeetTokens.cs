using System.Buffers;

namespace AlignLab.Normalization;

/// <summary>Finds tokens (runs of lower-case letters, digits, '$', '@', '!') that hold a digit or leet symbol; shared by both leetspeak folds.</summary>
internal static class LeetTokens
{
    private static readonly SearchValues<char> Triggers = SearchValues.Create("0123456789$@!");

    /// <summary>The next token holding a trigger character at or after <paramref name="pos"/>; advances past it.</summary>
    public static bool Next(ReadOnlySpan<char> chars, ref int pos, out int start, out int end)
    {
        var n = chars.Length;
        if (pos < n)
        {
            var found = chars[pos..].IndexOfAny(Triggers);
            if (found >= 0)
            {
                var p = pos + found;
                start = p;
                while (start > 0 && IsTokenChar(chars[start - 1]))
                {
                    start--;
                }

                end = p + 1;
                while (end < n && IsTokenChar(chars[end]))
                {
                    end++;
                }

                pos = end;
                return true;
            }
        }

        pos = n;
        start = end = 0;
        return false;
    }

    /// <summary>Whether <paramref name="c"/> belongs to a token.</summary>
    public static bool IsTokenChar(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '$' or '@' or '!';

    /// <summary>
    /// Whether <paramref name="folded"/> (<paramref name="token"/> with leet folded) is a lexicon word, reading each
    /// '1' that was folded to 'i' as 'l' instead when only that spelling is one (he1p → help); in that case the 'l'
    /// spelling is written into <paramref name="folded"/>. Otherwise <paramref name="folded"/> is left as it was.
    /// </summary>
    public static bool PreferLexicon(ReadOnlySpan<char> token, Span<char> folded)
    {
        if (EnglishLexicon.Contains(folded))
        {
            return true;
        }

        if (!token.Contains('1'))
        {
            return false;
        }

        Span<char> l = stackalloc char[folded.Length];
        folded.CopyTo(l);
        for (var k = 0; k < token.Length; k++)
        {
            if (token[k] == '1' && l[k] == 'i')
            {
                l[k] = 'l';
            }
        }

        if (!EnglishLexicon.Contains(l))
        {
            return false;
        }

        l.CopyTo(folded);
        return true;
    }
}
