namespace AlignLab.Pii;

/// <summary>Character classes shared by the scanners (all ASCII-based: lone surrogates are simply "other").</summary>
internal static class ScanChars
{
    public static bool IsDigit(char c) => char.IsAsciiDigit(c);

    public static bool IsAsciiAlnum(char c) => char.IsAsciiLetterOrDigit(c);

    /// <summary>A character that continues a word: any letter or digit (including non-ASCII) or '_'.</summary>
    public static bool IsWordChar(char c) => c == '_' || char.IsLetterOrDigit(c);

    /// <summary>Base64url alphabet (tokens, JWT segments).</summary>
    public static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-';

    public static char At(ReadOnlySpan<char> text, int index) => (uint)index < (uint)text.Length ? text[index] : '\0';

    /// <summary>
    /// Whether the character before <paramref name="start"/> makes a number starting there part of a longer one:
    /// a word character, or '.', ',', '-', '/', ':' directly after a digit (10:30, 1,234, 2024-05).
    /// </summary>
    public static bool ContinuesNumberBefore(ReadOnlySpan<char> text, int start)
    {
        if (start == 0)
        {
            return false;
        }

        var prev = text[start - 1];
        if (IsWordChar(prev))
        {
            return true;
        }

        if (prev is '.' or ',' or '-' or '/' or ':' && start >= 2 && IsAsciiAlnum(text[start - 2]))
        {
            return true;
        }

        return prev is '$' or '€' or '£' or '¥' or '#' or '+' or '^';
    }

    /// <summary>
    /// Whether the character at <paramref name="end"/> continues the number that ends there: a word character,
    /// '%', or '.', ',', '-', '/', ':' followed by a digit.
    /// </summary>
    public static bool ContinuesNumberAfter(ReadOnlySpan<char> text, int end)
    {
        if (end >= text.Length)
        {
            return false;
        }

        var next = text[end];
        if (IsWordChar(next) || next == '%')
        {
            return true;
        }

        return next is '.' or ',' or '-' or '/' or ':' && IsDigit(At(text, end + 1));
    }
}
