using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace AlignLab.Normalization;

/// <summary>Decides whether decoded bytes are text worth a view.</summary>
/// <remarks>
/// Accepted when the bytes are valid UTF-8 and the text has at least 90% printable characters (not control
/// characters other than tab/CR/LF, not U+FFFD), at least one letter, letters making up at least 30% of the
/// non-whitespace characters, and enough letters, digits and whitespace: at least 80% of the characters for a
/// text shorter than 32 characters, 65% for a longer one (which may be code or JSON). Random bytes almost never
/// pass; that keeps identifiers and hashes from producing views.
/// </remarks>
internal static class DecodedTextCheck
{
    public static string? ToText(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return null;
        }

        var rented = ArrayPool<char>.Shared.Rent(bytes.Length);
        try
        {
            var status = Utf8.ToUtf16(bytes, rented, out _, out var written, replaceInvalidSequences: false);
            if (status != OperationStatus.Done)
            {
                return null;
            }

            var chars = rented.AsSpan(0, written);
            return IsLikelyText(chars) ? new string(chars) : null;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    public static bool IsLikelyText(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        int printable = 0, letters = 0, core = 0, nonSpace = 0;
        foreach (var c in text)
        {
            var isSpace = char.IsWhiteSpace(c);
            if (!isSpace)
            {
                nonSpace++;
            }

            if ((!char.IsControl(c) || c is '\t' or '\n' or '\r') && c != '\uFFFD')
            {
                printable++;
            }

            if (char.IsLetter(c) || char.IsSurrogate(c))
            {
                letters++;
                core++;
            }
            else if (isSpace || char.IsDigit(c))
            {
                core++;
            }
        }

        var n = text.Length;
        var corePercent = n < 32 ? 8 : 6.5;
        return printable * 10 >= n * 9
            && letters > 0
            && letters * 10 >= nonSpace * 3
            && core * 10 >= n * corePercent;
    }

    /// <summary>
    /// True when at least 90% of the text is ASCII letters and spaces and it contains a word of the built-in lexicon
    /// with at least two letters.
    /// </summary>
    public static bool LooksLikeEnglish(string text)
    {
        var plain = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiLetter(c) || c == ' ')
            {
                plain++;
            }
        }

        if (plain * 10 < text.Length * 9)
        {
            return false;
        }

        Span<char> lower = stackalloc char[EnglishLexicon.MaxWordLength];
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsAsciiLetter(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && char.IsAsciiLetter(text[i]))
            {
                i++;
            }

            var length = i - start;
            if (length >= 2 && length <= lower.Length)
            {
                System.Text.Ascii.ToLower(text.AsSpan(start, length), lower, out _);
                if (EnglishLexicon.Contains(lower[..length]))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
