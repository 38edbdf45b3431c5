namespace AlignLab.Runtime.Streaming;

/// <summary>
/// How much of checked stream text to hold back before PII redaction, so an entity split across chunks is redacted whole.
/// An unfinished last word may go on in the next chunk, and the words before it may be the first groups of a number
/// written with spaces (a phone, card or IBAN), a PEM header, or the key of a secret assignment (<c>password:</c>): those
/// are held. Plain words (letters and sentence punctuation) cannot begin an entity, so prose is released at once.
/// </summary>
internal static class RedactionTail
{
    /// <summary>Parts of key names the assignment scanner reads before a secret value.</summary>
    private static readonly string[] KeyParts = ["password", "passwd", "pwd", "secret", "token", "key", "credential"];

    private static readonly System.Buffers.SearchValues<char> UpperCaseLetters = System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ");

    /// <summary>How many characters at the end of <paramref name="text"/> to hold back, at most <paramref name="max"/>.</summary>
    public static int Length(ReadOnlySpan<char> text, int max)
    {
        var start = text.Length;
        if (start > 0 && !char.IsWhiteSpace(text[start - 1]))
        {
            start = WordStart(text, start);
        }

        while (text.Length - start < max)
        {
            var end = start;
            while (end > 0 && char.IsWhiteSpace(text[end - 1]))
            {
                end--;
            }

            if (end == 0)
            {
                break;
            }

            var wordStart = WordStart(text, end);
            if (!MayBeginEntity(text[wordStart..end]))
            {
                break;
            }

            start = wordStart;
        }

        return Math.Min(max, text.Length - start);
    }

    private static int WordStart(ReadOnlySpan<char> text, int end)
    {
        var i = end;
        while (i > 0 && !char.IsWhiteSpace(text[i - 1]))
        {
            i--;
        }

        return i;
    }

    /// <summary>
    /// A word with a digit or a symbol, one naming a secret, or a group of two to four capital letters (an IBAN's bank
    /// code, as in <c>GB82 WEST 1234</c>) can be part of an entity that goes on after it.
    /// </summary>
    private static bool MayBeginEntity(ReadOnlySpan<char> word)
    {
        if (word.Length is >= 2 and <= 4 && !word.ContainsAnyExcept(UpperCaseLetters))
        {
            return true;
        }

        foreach (var c in word)
        {
            if (!char.IsLetter(c) && c is not ('.' or ',' or ';' or '!' or '?' or '\'' or '\u2019' or '"' or '(' or ')'))
            {
                return true;
            }
        }

        foreach (var part in KeyParts)
        {
            if (word.Contains(part, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
