namespace AlignLab.Pii;

/// <summary>The Luhn (mod 10) check used by payment card numbers.</summary>
internal static class Luhn
{
    /// <summary>Whether <paramref name="digits"/> (ASCII digits only) passes the Luhn check.</summary>
    public static bool IsValid(ReadOnlySpan<char> digits)
    {
        if (digits.IsEmpty)
        {
            return false;
        }

        var sum = 0;
        var dbl = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if ((uint)d > 9)
            {
                return false;
            }

            if (dbl)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            dbl = !dbl;
        }

        return sum % 10 == 0;
    }

    /// <summary>The digit that makes <paramref name="payload"/> followed by it Luhn-valid.</summary>
    public static char CheckDigit(ReadOnlySpan<char> payload)
    {
        var sum = 0;
        var dbl = true;
        for (var i = payload.Length - 1; i >= 0; i--)
        {
            var d = payload[i] - '0';
            if (dbl)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            dbl = !dbl;
        }

        return (char)('0' + ((10 - (sum % 10)) % 10));
    }
}
