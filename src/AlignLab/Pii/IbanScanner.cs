namespace AlignLab.Pii;

/// <summary>
/// Finds IBANs: two upper-case country letters, two check digits and the BBAN (upper-case letters and digits),
/// written solid or in groups separated by single spaces, whose total length equals the registered length of that
/// country and which pass the ISO 7064 mod-97 check. Work per candidate is bounded by 34 characters.
/// </summary>
internal static class IbanScanner
{
    private const int MaxLength = 34;

    public static void Scan(ReadOnlySpan<char> text, List<PiiEntity> sink)
    {
        Span<char> buffer = stackalloc char[MaxLength];
        var pos = 0;
        while (pos + 4 < text.Length)
        {
            var rel = text[pos..].IndexOfAnyInRange('A', 'Z');
            if (rel < 0)
            {
                return;
            }

            var s = pos + rel;
            pos = s + 1;
            if (s + 4 > text.Length || !char.IsAsciiLetterUpper(ScanChars.At(text, s + 1)) || !ScanChars.IsDigit(ScanChars.At(text, s + 2))
                || !ScanChars.IsDigit(ScanChars.At(text, s + 3)) || (s > 0 && ScanChars.IsWordChar(text[s - 1])))
            {
                continue;
            }

            var length = IbanRegistry.LengthOf(text[s], text[s + 1]);
            if (length == 0)
            {
                continue;
            }

            var end = TryMatch(text, s, length, buffer);
            if (end > 0)
            {
                sink.Add(new PiiEntity(PiiKind.Iban, s, end - s, text.Slice(s, 2).ToString(), 0.95));
                pos = end;
            }
        }
    }

    private static int TryMatch(ReadOnlySpan<char> text, int s, int length, Span<char> buffer)
    {
        var n = 0;
        var p = s;
        while (n < length && p < text.Length)
        {
            var c = text[p];
            if (IsIbanChar(c))
            {
                buffer[n++] = c;
                p++;
            }
            else if (c == ' ' && n >= 4 && IsIbanChar(ScanChars.At(text, p + 1)))
            {
                p++;
            }
            else
            {
                break;
            }
        }

        if (n != length || ScanChars.IsWordChar(ScanChars.At(text, p)))
        {
            return -1;
        }

        return IsMod97Valid(buffer[..n]) ? p : -1;
    }

    private static bool IsIbanChar(char c) => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c);

    /// <summary>ISO 13616 check: the IBAN rotated by four characters, letters as 10–35, is 1 mod 97.</summary>
    internal static bool IsMod97Valid(ReadOnlySpan<char> iban)
    {
        var remainder = 0;
        for (var i = 0; i < iban.Length; i++)
        {
            var c = iban[(i + 4) % iban.Length];
            if (char.IsAsciiDigit(c))
            {
                remainder = ((remainder * 10) + (c - '0')) % 97;
            }
            else if (char.IsAsciiLetterUpper(c))
            {
                remainder = ((remainder * 100) + (c - 'A' + 10)) % 97;
            }
            else
            {
                return false;
            }
        }

        return remainder == 1;
    }
}
