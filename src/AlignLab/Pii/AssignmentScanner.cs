using System.Buffers;

namespace AlignLab.Pii;

/// <summary>
/// Finds secrets written as assignments: a key whose name ends in <c>password</c>, <c>passwd</c>, <c>pwd</c>,
/// <c>secret</c>, <c>token</c>, <c>api_key</c>/<c>apikey</c>/<c>api-key</c>, <c>access_key</c>, <c>secret_key</c>,
/// <c>private_key</c> or <c>credentials</c>, then '=' or ':' (quotes and spaces allowed around it), then a literal value
/// with at least one letter and one digit, at least <see cref="PiiDetectorOptions.SecretMinLength"/> characters
/// and a Shannon entropy of at least <see cref="PiiDetectorOptions.SecretEntropyThreshold"/> bits per character.
/// Only the value is reported. References (<c>process.env.API_KEY</c>, <c>${VAR}</c>, <c>os.environ[...]</c>) are not values.
/// Work per '=' or ':' is bounded, so the scan is linear.
/// </summary>
internal static class AssignmentScanner
{
    private const int MaxKey = 64;
    private const int MaxValue = 256;
    private static readonly SearchValues<char> Separators = SearchValues.Create("=:");
    private static readonly SearchValues<char> IdentifierChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

    private static readonly string[] KeySuffixes =
    [
        "password", "passwd", "pwd", "secret", "token", "api_key", "apikey", "api-key", "access_key", "accesskey",
        "secret_key", "secretkey", "private_key", "credentials",
    ];

    public static void Scan(ReadOnlySpan<char> text, List<PiiEntity> sink, int minLength, double entropyThreshold)
    {
        var pos = 0;
        while (pos < text.Length)
        {
            var rel = text[pos..].IndexOfAny(Separators);
            if (rel < 0)
            {
                return;
            }

            var sep = pos + rel;
            pos = sep + 1;
            if (!KeyBefore(text, sep))
            {
                continue;
            }

            var (start, end) = ValueAfter(text, sep);
            if (start < 0)
            {
                continue;
            }

            var value = text[start..end];
            if (value.Length >= minLength && IsLiteral(value) && ShannonEntropy.Of(value) >= entropyThreshold)
            {
                sink.Add(new PiiEntity(PiiKind.Secret, start, end - start, "assignment", 0.7));
                pos = end;
            }
        }
    }

    private static bool KeyBefore(ReadOnlySpan<char> text, int sep)
    {
        var p = sep;
        var skipped = 0;
        while (p > 0 && text[p - 1] is ' ' or '\t' or '"' or '\'' && skipped < 3)
        {
            p--;
            skipped++;
        }

        var keyEnd = p;
        while (p > 0 && keyEnd - p <= MaxKey && (char.IsAsciiLetterOrDigit(text[p - 1]) || text[p - 1] is '_' or '-' or '.'))
        {
            p--;
        }

        if (keyEnd == p || keyEnd - p > MaxKey)
        {
            return false;
        }

        var key = text[p..keyEnd];
        if (char.ToLowerInvariant(key[^1]) is not ('d' or 't' or 'n' or 'y' or 's'))
        {
            return false; // no keyword ends otherwise
        }

        foreach (var suffix in KeySuffixes)
        {
            if (key.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static (int Start, int End) ValueAfter(ReadOnlySpan<char> text, int sep)
    {
        var p = sep + 1;
        var next = ScanChars.At(text, p);
        if (next == '=' || (text[sep] == '=' && ScanChars.At(text, sep - 1) is '!' or '<' or '>' or '='))
        {
            return (-1, -1); // ==, !=, <=, >= are comparisons
        }

        if (text[sep] == ':' && next == '=')
        {
            p++; // :=
        }

        var spaces = 0;
        while (ScanChars.At(text, p) is ' ' or '\t' && spaces < 3)
        {
            p++;
            spaces++;
        }

        var quote = ScanChars.At(text, p);
        if (quote is '"' or '\'' or '`')
        {
            p++;
        }
        else
        {
            quote = '\0';
        }

        var start = p;
        while (p < text.Length && IsValueChar(text[p]))
        {
            if (p - start >= MaxValue)
            {
                return (-1, -1);
            }

            p++;
        }

        if (p == start)
        {
            return (-1, -1);
        }

        var after = ScanChars.At(text, p);
        var closes = quote != '\0'
            ? after == quote
            : p == text.Length || after is ' ' or '\t' or '\r' or '\n' or ',' or ';' or '&' or ')' or '}';
        return closes ? (start, p) : (-1, -1);
    }

    private static bool IsValueChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=' or '_' or '-' or '.' or '~' or '!' or '@' or '#' or '$' or '%' or '^' or '*' or '?' or ':';

    /// <summary>A literal secret has a letter and a digit and is not a dotted reference such as <c>settings.Db.Password1</c>.</summary>
    private static bool IsLiteral(ReadOnlySpan<char> value)
    {
        if (!value.ContainsAnyInRange('0', '9') || (!value.ContainsAnyInRange('a', 'z') && !value.ContainsAnyInRange('A', 'Z')))
        {
            return false;
        }

        if (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // dotted identifier path: every segment starts with a letter and holds only letters, digits and '_'
        if (value.Contains('.'))
        {
            var reference = true;
            foreach (var range in value.Split('.'))
            {
                var segment = value[range];
                if (segment.IsEmpty || !char.IsAsciiLetter(segment[0]) || segment.ContainsAnyExcept(IdentifierChars))
                {
                    reference = false;
                    break;
                }
            }

            if (reference)
            {
                return false;
            }
        }

        return true;
    }
}
