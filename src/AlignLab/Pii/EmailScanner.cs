namespace AlignLab.Pii;

/// <summary>
/// Finds e-mail addresses around each '@': an ASCII local part (letters, digits, <c>._%+-</c>, at most 64) and a
/// dotted ASCII domain whose last label is alphabetic. Work per '@' is bounded, so the scan is linear.
/// </summary>
internal static class EmailScanner
{
    private const int MaxLocal = 64;
    private const int MaxDomain = 253;
    private const int MaxLabel = 63;

    /// <summary>File extensions that follow '@' in asset names (<c>icon@2x.png</c>); not TLDs of two-label e-mail domains.</summary>
    private static readonly HashSet<string> FileExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        "png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "bmp", "tif", "tiff", "js", "mjs", "ts", "tsx", "jsx", "css",
        "scss", "json", "xml", "yml", "yaml", "txt", "csv", "md", "py", "cs", "java", "rb", "rs", "go", "cpp", "lock", "pdf",
    };

    public static void Scan(ReadOnlySpan<char> text, List<PiiEntity> sink)
    {
        var pos = 0;
        while (pos < text.Length)
        {
            var rel = text[pos..].IndexOf('@');
            if (rel < 0)
            {
                return;
            }

            var at = pos + rel;
            pos = at + 1;
            var end = TryMatch(text, at, out var start);
            if (end > 0)
            {
                sink.Add(new PiiEntity(PiiKind.Email, start, end - start, null, 0.95));
                pos = end;
            }
        }
    }

    private static int TryMatch(ReadOnlySpan<char> text, int at, out int start)
    {
        start = at;
        while (start > 0 && at - start <= MaxLocal && IsLocalChar(text[start - 1]))
        {
            start--;
        }

        if (at - start > MaxLocal || (start > 0 && ScanChars.IsWordChar(text[start - 1])))
        {
            return -1;
        }

        while (start < at && text[start] is '.' or '-' or '+')
        {
            start++;
        }

        if (start == at || text[at - 1] == '.' || !text[start..at].ContainsAnyInRange('a', 'z') && !text[start..at].ContainsAnyInRange('A', 'Z') && !text[start..at].ContainsAnyInRange('0', '9'))
        {
            return -1;
        }

        var d = at + 1;
        var labels = 0;
        var lastLabel = d;
        while (true)
        {
            var ls = d;
            while (d < text.Length && d - ls <= MaxLabel && (ScanChars.IsAsciiAlnum(text[d]) || text[d] == '-'))
            {
                d++;
            }

            if (d == ls || d - ls > MaxLabel || text[ls] == '-' || text[d - 1] == '-')
            {
                return -1;
            }

            labels++;
            lastLabel = ls;
            if (d - (at + 1) < MaxDomain && ScanChars.At(text, d) == '.' && ScanChars.IsAsciiAlnum(ScanChars.At(text, d + 1)))
            {
                d++;
                continue;
            }

            break;
        }

        if (labels < 2 || d - (at + 1) > MaxDomain)
        {
            return -1;
        }

        var tld = text[lastLabel..d];
        if (tld.Length < 2 || !IsAllLetters(tld))
        {
            return -1;
        }

        if (labels == 2 && FileExtensions.Contains(tld.ToString()))
        {
            return -1;
        }

        var next = ScanChars.At(text, d);
        if (ScanChars.IsWordChar(next) || next == '@' || (next == ':' && ScanChars.IsTokenChar(ScanChars.At(text, d + 1))))
        {
            return -1; // part of something longer, or an scp-style remote (git@github.com:org/repo)
        }

        return d;
    }

    private static bool IsLocalChar(char c) => ScanChars.IsAsciiAlnum(c) || c is '.' or '_' or '%' or '+' or '-';

    private static bool IsAllLetters(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }

        return true;
    }
}
