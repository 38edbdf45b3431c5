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
}
