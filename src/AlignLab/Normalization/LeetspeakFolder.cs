namespace AlignLab.Normalization;

/// <summary>
/// Step 5: folds leetspeak inside words, in place (one character for one character, so maps are unchanged).
/// </summary>
/// <remarks>
/// <para>The exact rule. The text is split into tokens: maximal runs of ASCII letters, digits and the symbols
/// <c>@ $ !</c>. A token without a letter is never changed, so numbers, prices, versions and dates
/// ("2024", "$100", "3.5", "1,000") stay as they are. Tokens that look like identifiers rather than words are
/// skipped too: longer than 20 characters, containing a digit without a leet meaning (2, 6, 9), starting with
/// '@' (a mention), made only of hex digits with at least one digit and 6+ characters (colours, hashes), a hex
/// literal ("0x7f3a"), or a well-known numeronym or name (i18n, a11y, k8s, log4j, w3c).
/// Inside a token every maximal run of non-letters is a
/// candidate; it is replaced only if it is at most 3 characters long and every character has a leet meaning:
/// 4 @ → a, 3 → e, 1 ! → i, 0 → o, 5 $ → s, 7 → t, 8 → b.</para>
/// <list type="bullet">
/// <item>An <b>interior</b> run (letters on both sides) is replaced: h4ck → hack, k1ll → kill, $h00t → shoot,
/// p@ssw0rd → password. An interior run holding '@' or '!' needs a neighbouring letter run of at most 3 letters
/// (so "images!urls" stays) and '@' is kept when the token is followed by '.' and a letter (an e-mail address).
/// A lone '4' between two lexicon words is read as "for" and kept (run4fun).</item>
/// <item>An <b>edge</b> run (at the start or end of the token) may only hold digits, or a leading '$'
/// ('@' and '!' at an edge are punctuation: "@user", "wow!"). It is replaced only when the token also has a
/// replaced interior run (h3ll0 → hello, c0c41n3 → cocaine) or when the fully replaced token is a word of the
/// built-in English lexicon (3vil → evil, 7he → the). So trailing or leading digits of ordinary tokens stay:
/// mp3, win10, gpt4, 1st, 4k, 5g, covid19.</item>
/// <item>'1' becomes 'l' instead of 'i' when only that spelling is a lexicon word (he1p → help).</item>
/// <item>The folded token must look like a word: at least one vowel (a e i o u y) per five letters and no run of
/// five consonants, so random identifiers such as "bmdsvmc3rc" stay. Tokens right after '/' or '\' (URL and
/// path components, escapes) are skipped, and a number with a plural s ("1s", "80s") is not a word.</item>
/// </list>
/// </remarks>
internal static class LeetspeakFolder
{
    private const int MaxTokenLength = 20;
    private const int MaxRunLength = 3;

    public static void Run(NormBuffer buffer, EventCollector events)
    {
        var chars = buffer.Chars.AsSpan(0, buffer.Length);
        var pos = 0;
        Span<char> candidate = stackalloc char[MaxTokenLength];
        Span<char> before = stackalloc char[MaxTokenLength];
        while (NextToken(chars, ref pos, out var start, out var end))
        {
            var length = end - start;
            var token = chars.Slice(start, length);
            if (!FoldToken(token, candidate[..length], FollowedByDomain(chars, end)))
            {
                continue;
            }

            token.CopyTo(before);
            candidate[..length].CopyTo(token);
            var span = buffer.OriginalSpan(start, end);
            events.Add(TransformKind.Leetspeak, span.Start, span.End, $"{before[..length]} -> {token}");
        }
    }

    /// <summary>True when <see cref="Run"/> would change something in <paramref name="chars"/>.</summary>
    public static bool WouldChange(ReadOnlySpan<char> chars)
    {
        var pos = 0;
        Span<char> candidate = stackalloc char[MaxTokenLength];
        while (NextToken(chars, ref pos, out var start, out var end))
        {
            if (FoldToken(chars[start..end], candidate[..(end - start)], FollowedByDomain(chars, end)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Finds the next token holding a digit or leet symbol that is worth folding.</summary>
    private static bool NextToken(ReadOnlySpan<char> chars, ref int pos, out int start, out int end)
    {
        while (LeetTokens.Next(chars, ref pos, out start, out end))
        {
            var length = end - start;

            // Too long or too short for a word, or a path/URL component ("t.co/bzRDl3kF7U") or escape ("\u00a0").
            if (length > MaxTokenLength || length < 2 || (start > 0 && chars[start - 1] is '/' or '\\'))
            {
                continue;
            }

            return true;
        }

        start = end = 0;
        return false;
    }

    /// <summary>Computes the folded token into <paramref name="result"/>; false when nothing changes.</summary>
    private static bool FoldToken(ReadOnlySpan<char> token, Span<char> result, bool followedByDomain)
    {
        if (!LooksLikeWordToken(token))
        {
            return false;
        }

        token.CopyTo(result);
        var interior = false;
        var edgePending = false;
        var changed = false;
        var i = 0;
        var previousLetterRun = 0;
        while (i < token.Length)
        {
            if (IsLetter(token[i]))
            {
                var letterStart = i;
                while (i < token.Length && IsLetter(token[i]))
                {
                    i++;
                }

                previousLetterRun = i - letterStart;
                continue;
            }

            var runStart = i;
            while (i < token.Length && !IsLetter(token[i]))
            {
                i++;
            }

            var run = token[runStart..i];
            var leading = runStart == 0;
            var trailing = i == token.Length;
            if (run.Length > MaxRunLength || !AllLeet(run))
            {
                continue;
            }

            if (!leading && !trailing)
            {
                var next = i;
                while (next < token.Length && IsLetter(token[next]))
                {
                    next++;
                }

                if (!InteriorAllowed(token, runStart, i, previousLetterRun, next - i, followedByDomain))
                {
                    continue;
                }

                Substitute(run, result[runStart..i]);
                interior = true;
                changed = true;
            }
            else if (EdgeAllowed(run, leading))
            {
                edgePending = true;
            }
        }

        if (edgePending)
        {
            Span<char> full = stackalloc char[result.Length];
            result.CopyTo(full);
            SubstituteEdges(token, full);
            if (interior || (!IsNumberPlural(token) && IsWord(full, token)))
            {
                full.CopyTo(result);
                changed = true;
            }
        }

        if (!changed || !LooksPronounceable(result))
        {
            return false;
        }

        // Prefer 'l' for '1' when only that spelling is a known word (he1p → help).
        LeetTokens.PreferLexicon(token, result);

        return true;
    }

    private static bool LooksLikeWordToken(ReadOnlySpan<char> token)
    {
        if (token[0] == '@' || LeetspeakView.IsHexLiteral(token) || LeetspeakView.IsKnownIdentifier(token))
        {
            return false;
        }

        var hasLetter = false;
        var hasNonHexLetter = false;
        var hasDigit = false;
        foreach (var c in token)
        {
            if (c is '2' or '6' or '9')
            {
                return false;
            }

            if (IsLetter(c))
            {
                hasLetter = true;
                hasNonHexLetter |= c > 'f';
            }
            else if (char.IsAsciiDigit(c))
            {
                hasDigit = true;
            }
        }

        return hasLetter && !(hasDigit && !hasNonHexLetter && token.Length >= 6 && !token.ContainsAny('$', '@', '!'));
    }

    private static bool InteriorAllowed(ReadOnlySpan<char> token, int runStart, int runEnd, int leftLetters, int rightLetters, bool followedByDomain)
    {
        var run = token[runStart..runEnd];
        if (run.ContainsAny('@', '!'))
        {
            if (Math.Min(leftLetters, rightLetters) > 3)
            {
                return false;
            }

            if (followedByDomain && run.Contains('@'))
            {
                return false;
            }
        }

        // "run4fun", "me4you": a lone 4 between two words means "for".
        if (run is "4" && EnglishLexicon.Contains(token.Slice(runStart - leftLetters, leftLetters))
            && EnglishLexicon.Contains(token.Slice(runEnd, rightLetters)))
        {
            return false;
        }

        return true;
    }

    /// <summary>At least one vowel per five letters and no run of five consonants.</summary>
    private static bool LooksPronounceable(ReadOnlySpan<char> word)
    {
        int letters = 0, vowels = 0, consonantRun = 0;
        foreach (var c in word)
        {
            if (!IsLetter(c))
            {
                consonantRun = 0;
                continue;
            }

            letters++;
            if (c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y')
            {
                vowels++;
                consonantRun = 0;
            }
            else if (++consonantRun >= 5)
            {
                return false;
            }
        }

        return vowels * 5 >= letters;
    }

    /// <summary>"1s", "80s": digits followed only by a plural s.</summary>
    private static bool IsNumberPlural(ReadOnlySpan<char> token)
        => token.Length >= 2 && token[^1] == 's' && char.IsAsciiDigit(token[^2]) && token[..^1].IndexOfAnyExceptInRange('0', '9') < 0;

    private static bool IsWord(ReadOnlySpan<char> full, ReadOnlySpan<char> token)
    {
        Span<char> spelling = stackalloc char[full.Length];
        full.CopyTo(spelling);
        return LeetTokens.PreferLexicon(token, spelling);
    }

    private static void SubstituteEdges(ReadOnlySpan<char> token, Span<char> full)
    {
        var lead = 0;
        while (lead < token.Length && !IsLetter(token[lead]))
        {
            lead++;
        }

        if (lead > 0 && lead <= MaxRunLength && AllLeet(token[..lead]) && EdgeAllowed(token[..lead], leading: true))
        {
            Substitute(token[..lead], full[..lead]);
        }

        var trail = token.Length;
        while (trail > 0 && !IsLetter(token[trail - 1]))
        {
            trail--;
        }

        var trailLength = token.Length - trail;
        if (trailLength > 0 && trailLength <= MaxRunLength && AllLeet(token[trail..]) && EdgeAllowed(token[trail..], leading: false))
        {
            Substitute(token[trail..], full[trail..]);
        }
    }

    private static bool EdgeAllowed(ReadOnlySpan<char> run, bool leading)
    {
        for (var k = 0; k < run.Length; k++)
        {
            var c = run[k];
            if (c is '@' or '!')
            {
                return false;
            }

            if (c == '$' && !leading)
            {
                return false;
            }
        }

        return true;
    }

    private static void Substitute(ReadOnlySpan<char> run, Span<char> target)
    {
        for (var k = 0; k < run.Length; k++)
        {
            target[k] = Map(run[k]);
        }
    }

    private static bool AllLeet(ReadOnlySpan<char> run)
    {
        foreach (var c in run)
        {
            if (Map(c) == '\0')
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
        '8' => 'b',
        _ => '\0',
    };

    private static bool FollowedByDomain(ReadOnlySpan<char> chars, int end)
        => end + 1 < chars.Length && chars[end] == '.' && chars[end + 1] is >= 'a' and <= 'z';

    private static bool IsLetter(char c) => c is >= 'a' and <= 'z';

}
