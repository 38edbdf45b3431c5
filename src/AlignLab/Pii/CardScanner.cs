namespace AlignLab.Pii;

/// <summary>
/// Finds payment card numbers: 13–19 digits, either one undelimited run or groups separated by one kind of separator
/// (space or '-') in a printed layout (4-4-4-4[-3], 4-6-5 Amex, 4-6-4 Diners), that pass the Luhn check and begin with
/// a known issuer prefix of the right length (<see cref="CardBrands"/>). Longer digit runs are never cards.
/// Work per candidate start is bounded, so the scan is linear.
/// </summary>
internal static class CardScanner
{
    private const int MaxDigits = 19;
    private const int MaxGroups = 6;

    public static void Scan(ReadOnlySpan<char> text, List<PiiEntity> sink)
    {
        Span<int> starts = stackalloc int[MaxGroups];
        Span<int> lengths = stackalloc int[MaxGroups];
        Span<char> digits = stackalloc char[MaxDigits];
        var pos = 0;
        while (pos < text.Length)
        {
            var rel = text[pos..].IndexOfAnyInRange('0', '9');
            if (rel < 0)
            {
                return;
            }

            var s = pos + rel;
            var runEnd = s;
            while (runEnd < text.Length && ScanChars.IsDigit(text[runEnd]))
            {
                runEnd++;
            }

            if (ScanChars.ContinuesNumberBefore(text, s))
            {
                pos = runEnd;
                continue;
            }

            var end = TryMatch(text, s, starts, lengths, digits, out var brand, out var confidence);
            if (end > s)
            {
                sink.Add(new PiiEntity(PiiKind.CreditCard, s, end - s, brand, confidence));
                pos = end;
            }
            else
            {
                pos = runEnd;
            }
        }
    }

    private static int TryMatch(ReadOnlySpan<char> text, int s, Span<int> starts, Span<int> lengths, Span<char> digits, out string? brand, out double confidence)
    {
        brand = null;
        confidence = 0;
        var p = s;
        var count = 0;
        var total = 0;
        var sep = '\0';
        while (count < MaxGroups)
        {
            var q = p;
            while (q < text.Length && ScanChars.IsDigit(text[q]))
            {
                if (q - p >= MaxDigits)
                {
                    return -1; // a long digit run is not a card
                }

                q++;
            }

            starts[count] = p;
            lengths[count] = q - p;
            count++;
            total += q - p;
            p = q;
            var n = ScanChars.At(text, p);
            if (total < MaxDigits + 4 && n is ' ' or '-' && (sep == '\0' || sep == n) && ScanChars.IsDigit(ScanChars.At(text, p + 1)))
            {
                sep = n;
                p++;
                continue;
            }

            break;
        }

        // The whole run first, then (space-separated printed layouts only) a shorter prefix followed by more digits,
        // as in "4111 1111 1111 1111 123" (number and CVV).
        for (var k = count; k >= 1; k--)
        {
            var end = starts[k - 1] + lengths[k - 1];
            if (k == count)
            {
                if (ScanChars.ContinuesNumberAfter(text, end) || (count == MaxGroups && p > end))
                {
                    continue;
                }
            }
            else if (sep != ' ')
            {
                return -1;
            }

            var d = 0;
            for (var i = 0; i < k; i++)
            {
                d += lengths[i];
            }

            if (d is < 13 or > MaxDigits || (k > 1 && !IsPrintedLayout(lengths[..k])) || (k < count && !IsCanonicalPrefix(lengths[..k])))
            {
                continue;
            }

            var w = 0;
            for (var i = 0; i < k; i++)
            {
                text.Slice(starts[i], lengths[i]).CopyTo(digits[w..]);
                w += lengths[i];
            }

            var number = digits[..d];
            if (!Luhn.IsValid(number))
            {
                continue;
            }

            brand = CardBrands.Identify(number);
            if (brand is null)
            {
                continue;
            }

            confidence = k == count ? 0.95 : 0.85;
            return end;
        }

        return -1;
    }

    /// <summary>4-4-4-4 with a shorter last group (13–19 digits), 4-6-5 (Amex) or 4-6-4 (Diners).</summary>
    private static bool IsPrintedLayout(ReadOnlySpan<int> lengths)
    {
        if (lengths.Length == 3 && lengths[0] == 4 && lengths[1] == 6 && lengths[2] is 4 or 5)
        {
            return true;
        }

        for (var i = 0; i < lengths.Length - 1; i++)
        {
            if (lengths[i] != 4)
            {
                return false;
            }
        }

        return lengths[^1] is >= 1 and <= 4;
    }

    private static bool IsCanonicalPrefix(ReadOnlySpan<int> lengths) =>
        (lengths.Length == 4 && lengths[3] == 4) || (lengths.Length == 3 && lengths[0] == 4 && lengths[1] == 6);
}
