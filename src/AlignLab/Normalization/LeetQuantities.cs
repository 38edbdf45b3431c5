namespace AlignLab.Normalization;

/// <summary>
/// Numbers that the leetspeak view leaves alone: a run of three or more digits ("2024", "1350", "500"), and a number with
/// a unit ("15kg", "100ml", "10pm", "45km", "3rd"). The view used to read them as leet ("15kg" → "iskg"), which changed
/// quantities in the very text the classifier scores. One exception keeps real leet: a token whose whole
/// fold is a word ("4m" → "am", "5734l" → "steal", "7357" → "test") is leet, not a quantity.
/// </summary>
internal static class LeetQuantities
{
    private const int MinPlainNumberDigits = 3;

    private static readonly HashSet<string> Units = new(StringComparer.Ordinal)
    {
        "mg", "mcg", "g", "kg", "lb", "lbs", "oz", "ml", "cl", "dl", "l", "gal", "mm", "cm", "m", "km", "mi", "ft", "yd",
        "ms", "ns", "sec", "secs", "min", "mins", "h", "hr", "hrs", "d", "wk", "wks", "mo", "yr", "yrs", "am", "pm",
        "st", "nd", "rd", "th", "k", "bn", "x", "kb", "mb", "gb", "tb", "hz", "khz", "mhz", "ghz", "v", "mv", "kv",
        "w", "kw", "kwh", "mah", "ma", "c", "f", "px", "pt", "em", "rem", "dpi", "fps", "rpm", "mph", "kph", "kmh",
    };

    /// <summary>True when <paramref name="token"/> is a quantity the view must not fold.</summary>
    public static bool IsQuantity(ReadOnlySpan<char> token)
    {
        var digits = 0;
        while (digits < token.Length && char.IsAsciiDigit(token[digits]))
        {
            digits++;
        }

        if (digits == token.Length)
        {
            return digits >= MinPlainNumberDigits && !FoldsToWord(token);
        }

        if (digits == 0)
        {
            return false;
        }

        var unit = token[digits..];
        var lookup = Units.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.Contains(unit))
        {
            return false;
        }

        return !FoldsToWord(token);
    }

    // "5734l" → steal, "7357" → test: when the whole token folds to a word, it is leet, not a quantity.
    private static bool FoldsToWord(ReadOnlySpan<char> token)
    {
        Span<char> folded = stackalloc char[token.Length];
        for (var k = 0; k < token.Length; k++)
        {
            folded[k] = token[k] switch { '4' => 'a', '3' => 'e', '1' => 'i', '0' => 'o', '5' => 's', '7' => 't', _ => token[k] };
        }

        return LeetTokens.PreferLexicon(token, folded);
    }
}
