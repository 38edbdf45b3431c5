namespace AlignLab.Rules;

/// <summary>Splits normalised text into words: maximal runs of letters and digits. Everything else separates words.</summary>
public static class WordTokenizer
{
    /// <summary>True for characters that belong to words.</summary>
    public static bool IsWordChar(char c) => c < 128 ? IsAsciiWord(c) : char.IsLetterOrDigit(c);

    private static bool IsAsciiWord(char c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a' || (uint)(c - '0') <= 9;

    /// <summary>Appends the (start, length) of every word of <paramref name="text"/> to <paramref name="tokens"/>.</summary>
    public static void Tokenize(ReadOnlySpan<char> text, List<Token> tokens)
    {
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && !IsWordChar(text[i]))
            {
                i++;
            }

            var start = i;
            while (i < text.Length && IsWordChar(text[i]))
            {
                i++;
            }

            if (i > start)
            {
                tokens.Add(new Token(start, i - start));
            }
        }
    }

    /// <summary>The words of a phrase as strings.</summary>
    public static string[] Words(string phrase)
    {
        var tokens = new List<Token>();
        Tokenize(phrase, tokens);
        return [.. tokens.Select(t => phrase.Substring(t.Start, t.Length))];
    }
}

/// <summary>A word's position in a text.</summary>
public readonly record struct Token(int Start, int Length)
{
    /// <summary>One past the last character.</summary>
    public int End => Start + Length;
}
