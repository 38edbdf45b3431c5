using System.Buffers;

namespace AlignLab.Normalization;

/// <summary>
/// The leetspeak view: an extra view in which leetspeak is folded aggressively, added only when the text as a whole
/// reads as leetspeak. The primary view's fold (<see cref="LeetspeakFolder"/>) stays conservative so that ordinary
/// alphanumerics ("mp3", "win10", "5kg", "log4j") are never rewritten in the text rules and the classifier see first.
/// </summary>
/// <remarks>
/// <para>Heavily leeted text ("h0w d0 1 g37 7h3 5crip7 70 w0rk") defeats the conservative fold: leading and trailing
/// digits of words outside the small lexicon stay ("5crip7"), runs of more than three digits stay ("g3771ng"), and
/// tokens without a letter ("1", "4", "70", "50") are numbers to it. This view folds all of them, but only when the
/// text shows enough evidence of leetspeak, and it is an additional view: everything that scores or matches views
/// (rules, the classifier) keeps the highest result over the views, so the primary view is never worse off.</para>
/// <para>The evidence. Tokens are maximal runs of ASCII letters, digits and <c>$ @ !</c> (as for the primary fold).
/// A token is <em>leeted</em> when it has a letter, has a leet character (<c>4 @ 3 1 ! 0 5 $ 7</c>) with letters on
/// both sides, or has leet digits only at its edges and folds to a lexicon word ("7he", "3vil"). Tokens that look
/// like identifiers are never evidence and are never folded: e-mail addresses, a digit without a leet meaning (2, 6, 8, 9: "b2b",
/// "i18n", "h264", "x86"), a leading '@' (mentions), a "0x" prefix or only hex digits (6+ characters), more than 24
/// characters, or right after '/' or '\'. The view is added when at least <see cref="MinLeetedTokens"/> tokens are
/// leeted and they are at least one in <see cref="MaxWordsPerLeetedToken"/> of the tokens with a letter. So a product
/// list ("log4j", "w3c" and "a11y" among ordinary words) stays a single view, while a leeted sentence gets one.</para>
/// <para>The fold. In a token with a letter every leet character becomes its letter (<c>4 @ → a, 3 → e, 1 ! → i,
/// 0 → o, 5 $ → s, 7 → t</c>; a leading or trailing '@' or '!' is punctuation and stays); '1' becomes 'l' when only
/// that spelling is a lexicon word. A token without a letter (at most four leet digits) is folded when it folds to a
/// lexicon word ("1" → i, "4" → a, "70" → to, "50" → so), or when it is one or two characters after a letter and an
/// apostrophe ("it'5" → it's). One character for one character, so the view shares the primary view's map.
/// Quantities are never folded: three or more digits ("2024") and a number with a unit ("15kg"); see <see cref="LeetQuantities"/>.</para>
/// </remarks>
internal static class LeetspeakView
{
    /// <summary>Fewest leeted tokens for the view to be added.</summary>
    public const int MinLeetedTokens = 2;

    /// <summary>The view is added when leeted tokens are at least one in this many of the tokens with a letter.</summary>
    public const int MaxWordsPerLeetedToken = 6;

    private const int MaxTokenLength = 24;
    private const int MaxLetterlessLength = 4;

    private static readonly SearchValues<char> NonLeetDigits = SearchValues.Create("2689");
    private static readonly SearchValues<char> HexChars = SearchValues.Create("0123456789abcdef");

    private static readonly string[] KnownIdentifiers =
    [
        "i18n", "l10n", "a11y", "g11n", "o11y", "m17n", "c14n", "p13n", "i14y", "k8s", "k3s", "log4j", "log4net", "log4shell", "w3c",
    ];

    /// <summary>True when <paramref name="chars"/> (lower-cased text before the primary fold) reads as leetspeak.</summary>
    public static bool Applies(ReadOnlySpan<char> chars)
    {
        var leeted = 0;
        var pos = 0;
        while (NextToken(chars, ref pos, out var start, out var end))
        {
            if (IsLeeted(chars[start..end]))
            {
                leeted++;
            }
        }

        if (leeted < MinLeetedTokens)
        {
            return false;
        }

        return leeted * MaxWordsPerLeetedToken >= CountWordTokens(chars);
    }

    /// <summary>Folds <paramref name="chars"/> in place (call only when <see cref="Applies"/> is true).</summary>
    /// <returns>How many tokens changed.</returns>
    public static int Fold(Span<char> chars)
    {
        var changed = 0;
        var pos = 0;
        Span<char> alt = stackalloc char[MaxTokenLength];
        while (NextToken(chars, ref pos, out var start, out var end))
        {
            var token = chars[start..end];
            var afterApostrophe = start >= 2 && chars[start - 1] is '\'' or '\u2019' && IsLetter(chars[start - 2]);
            if (PartOfNumber(chars, start, end) || LeetQuantities.IsQuantity(token))
            {
                continue;
            }

            if (FoldToken(token, alt[..token.Length], afterApostrophe))
            {
                changed++;
            }
        }

        return changed;
    }

    /// <summary>"2.17", "555-0175", "10:45": a token next to a digit across one separator is part of a number.</summary>
    private static bool PartOfNumber(ReadOnlySpan<char> chars, int start, int end)
        => (start >= 2 && chars[start - 1] is '.' or ',' or ':' or '-' or '/' && char.IsAsciiDigit(chars[start - 2]))
            || (end + 1 < chars.Length && chars[end] is '.' or ',' or ':' or '-' or '/' && char.IsAsciiDigit(chars[end + 1]));

    /// <summary>Folds one token in place; false when it is skipped or unchanged.</summary>
    private static bool FoldToken(Span<char> token, Span<char> alt, bool afterApostrophe)
    {
        var hasLetter = token.IndexOfAnyInRange('a', 'z') >= 0;
        if (!hasLetter)
        {
            if (token.Length > MaxLetterlessLength || !AllLeetDigits(token))
            {
                return false;
            }

            Substitute(token, alt, keepEdgePunctuation: false);
            if (afterApostrophe && token.Length <= 2)
            {
                alt.CopyTo(token);
                return true;
            }

            if (!LeetTokens.PreferLexicon(token, alt))
            {
                return false;
            }

            alt.CopyTo(token);
            return true;
        }

        Substitute(token, alt, keepEdgePunctuation: true);
        if (alt.SequenceEqual(token))
        {
            return false;
        }

        LeetTokens.PreferLexicon(token, alt);
        alt.CopyTo(token);
        return true;
    }

    private static bool IsLeeted(ReadOnlySpan<char> token)
    {
        var firstLetter = token.IndexOfAnyInRange('a', 'z');
        if (firstLetter < 0)
        {
            return false;
        }

        var lastLetter = token.LastIndexOfAnyInRange('a', 'z');
        for (var k = firstLetter + 1; k < lastLetter; k++)
        {
            if (Map(token[k]) != '\0')
            {
                return true;
            }
        }

        if (firstLetter == 0 && lastLetter == token.Length - 1)
        {
            return false;
        }

        // Leet only at the edges: evidence only when the fold is a word ("7he", "3vil"), not for "mp3", "5kg", "4k".
        if (!AllLeetDigits(token[..firstLetter]) || !AllLeetDigits(token[(lastLetter + 1)..]))
        {
            return false;
        }

        Span<char> folded = stackalloc char[token.Length];
        Substitute(token, folded, keepEdgePunctuation: true);
        return LeetTokens.PreferLexicon(token, folded);
    }

    /// <summary>Finds the next token holding a digit or leet symbol that may be folded.</summary>
    private static bool NextToken(ReadOnlySpan<char> chars, ref int pos, out int start, out int end)
    {
        var n = chars.Length;
        while (LeetTokens.Next(chars, ref pos, out start, out end))
        {
            var email = chars[start..end].Contains('@') && end + 1 < n && chars[end] == '.' && IsLetter(chars[end + 1]);
            if (!email && IsCandidate(chars[start..end]) && !(start > 0 && chars[start - 1] is '/' or '\\'))
            {
                return true;
            }
        }

        start = end = 0;
        return false;
    }

    /// <summary>
    /// Well-known identifiers that look like leetspeak: numeronyms (i18n, a11y, k8s…) and names such as log4j or w3c.
    /// Neither fold touches them.
    /// </summary>
    public static bool IsKnownIdentifier(ReadOnlySpan<char> token)
    {
        foreach (var known in KnownIdentifiers)
        {
            if (token.SequenceEqual(known))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A hexadecimal literal ("0x7f3a"): neither fold touches it.</summary>
    public static bool IsHexLiteral(ReadOnlySpan<char> token) => token.Length >= 3 && token[0] == '0' && token[1] == 'x';

    /// <summary>Not an identifier: see the remarks for what is excluded.</summary>
    private static bool IsCandidate(ReadOnlySpan<char> token)
    {
        if (token.Length > MaxTokenLength || token[0] == '@' || token.ContainsAny(NonLeetDigits) || IsHexLiteral(token) || IsKnownIdentifier(token))
        {
            return false;
        }

        var hexOnly = token.Length >= 6 && token.IndexOfAnyExcept(HexChars) < 0;
        return !hexOnly;
    }


    /// <summary>Tokens (runs of letters, digits and <c>$ @ !</c>) that hold a letter.</summary>
    private static int CountWordTokens(ReadOnlySpan<char> chars)
    {
        var count = 0;
        var inToken = false;
        var hasLetter = false;
        foreach (var c in chars)
        {
            if (LeetTokens.IsTokenChar(c))
            {
                inToken = true;
                hasLetter |= IsLetter(c);
                continue;
            }

            if (inToken && hasLetter)
            {
                count++;
            }

            inToken = hasLetter = false;
        }

        return inToken && hasLetter ? count + 1 : count;
    }

    private static void Substitute(ReadOnlySpan<char> token, Span<char> target, bool keepEdgePunctuation)
    {
        for (var k = 0; k < token.Length; k++)
        {
            var c = token[k];
            var edge = k == 0 || k == token.Length - 1;
            var m = Map(c);
            target[k] = m == '\0' || (keepEdgePunctuation && edge && c is '@' or '!') ? c : m;
        }
    }

    private static bool AllLeetDigits(ReadOnlySpan<char> run)
    {
        foreach (var c in run)
        {
            if (c is not ('0' or '1' or '3' or '4' or '5' or '7'))
            {
                return false;
            }
        }

        return true;
    }

    private static char Map(char c) => c switch
    {
        '4' or '@' => 'a',
        '3' => 'e',
        '1' or '!' => 'i',
        '0' => 'o',
        '5' or '$' => 's',
        '7' => 't',
        _ => '\0',
    };

    private static bool IsLetter(char c) => c is >= 'a' and <= 'z';

}
