namespace AlignLab.Pii;

/// <summary>Issuer identification (IIN) prefixes and lengths of the card networks that <see cref="CardScanner"/> accepts.</summary>
internal static class CardBrands
{
    /// <summary>The brand of a card number (digits only), or null when no known prefix/length pair fits.</summary>
    public static string? Identify(ReadOnlySpan<char> n)
    {
        var len = n.Length;
        var p2 = Prefix(n, 2);
        var p3 = Prefix(n, 3);
        var p4 = Prefix(n, 4);
        var p6 = Prefix(n, 6);

        if (n[0] == '4')
        {
            return len is 13 or 16 or 19 ? "visa" : null;
        }

        if (p2 is 34 or 37)
        {
            return len == 15 ? "amex" : null;
        }

        if ((p2 is >= 51 and <= 55) || (p4 is >= 2221 and <= 2720))
        {
            return len == 16 ? "mastercard" : null;
        }

        if (p4 is 5018 or 5020 or 5038 or 5893 or 6304 or 6759 or 6761 or 6762 or 6763)
        {
            return len is >= 13 and <= 19 ? "maestro" : null;
        }

        if (p4 == 6011 || (p3 is >= 644 and <= 649) || p2 == 65)
        {
            return len is >= 16 and <= 19 ? "discover" : null;
        }

        if (p6 is >= 622126 and <= 622925 || p2 == 62)
        {
            return len is >= 16 and <= 19 ? "unionpay" : null;
        }

        if (p4 is >= 3528 and <= 3589)
        {
            return len is >= 16 and <= 19 ? "jcb" : null;
        }

        if ((p3 is >= 300 and <= 305) || p4 == 3095 || p2 is 36 or 38 or 39)
        {
            return len is >= 14 and <= 19 ? "diners" : null;
        }

        return null;
    }

    private static int Prefix(ReadOnlySpan<char> n, int digits)
    {
        var v = 0;
        for (var i = 0; i < digits && i < n.Length; i++)
        {
            v = (v * 10) + (n[i] - '0');
        }

        return v;
    }
}
