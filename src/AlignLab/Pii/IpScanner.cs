using System.Net;
using System.Net.Sockets;

namespace AlignLab.Pii;

/// <summary>
/// Finds IP addresses. IPv4: four dotted decimal octets 0–255 without leading zeros, not part of a longer dotted
/// number (a version such as 1.2.3.4.5), not right after a word such as "version" or "release", and not one of the addresses that identify
/// nobody (0.x, loopback 127.x, broadcast, netmasks 255.x). IPv6: a run of hex digits, ':' and '.' around a ':' with
/// a "::" or eight groups, validated by <see cref="IPAddress.TryParse(ReadOnlySpan{char}, out IPAddress?)"/>.
/// Each character is looked at a bounded number of times, so the scans are linear.
/// </summary>
internal static class IpScanner
{
    private const int MaxV6Length = 45;

    public static void ScanV4(ReadOnlySpan<char> text, List<PiiEntity> sink)
    {
        Span<int> octets = stackalloc int[4];
        var pos = 0;
        while (pos < text.Length)
        {
            var rel = text[pos..].IndexOfAnyInRange('0', '9');
            if (rel < 0)
            {
                return;
            }

            var s = pos + rel;
            var end = TryMatchV4(text, s, octets);
            if (end > 0)
            {
                if (!IsUnidentifying(octets))
                {
                    var isPrivate = octets[0] == 10 || (octets[0] == 172 && octets[1] is >= 16 and <= 31) || (octets[0] == 192 && octets[1] == 168)
                        || (octets[0] == 169 && octets[1] == 254);
                    sink.Add(new PiiEntity(PiiKind.IpAddress, s, end - s, "ipv4", isPrivate ? 0.7 : 0.85));
                }

                pos = end;
            }
            else
            {
                // skip the rest of this digit run
                var e = s;
                while (e < text.Length && ScanChars.IsDigit(text[e]))
                {
                    e++;
                }

                pos = e;
            }
        }
    }

    private static int TryMatchV4(ReadOnlySpan<char> text, int s, Span<int> octets)
    {
        if (s > 0)
        {
            var prev = text[s - 1];
            if (ScanChars.IsWordChar(prev) || prev == '.' || (prev is '-' or '/' or ',' && ScanChars.IsAsciiAlnum(ScanChars.At(text, s - 2))))
            {
                return -1;
            }
        }

        var p = s;
        for (var i = 0; i < 4; i++)
        {
            if (i > 0)
            {
                if (ScanChars.At(text, p) != '.')
                {
                    return -1;
                }

                p++;
            }

            var q = p;
            var value = 0;
            while (q < text.Length && ScanChars.IsDigit(text[q]))
            {
                if (q - p >= 3)
                {
                    return -1;
                }

                value = (value * 10) + (text[q] - '0');
                q++;
            }

            if (q == p || value > 255 || (q - p > 1 && text[p] == '0'))
            {
                return -1;
            }

            octets[i] = value;
            p = q;
        }

        var next = ScanChars.At(text, p);
        if (ScanChars.IsWordChar(next) || (next is '.' or ':' && ScanChars.IsDigit(ScanChars.At(text, p + 1)))
            || (next is '-' or '+' && char.IsAsciiLetter(ScanChars.At(text, p + 1))))
        {
            return -1; // 1.2.3.4.5, 1.2.3.4-beta
        }

        if (FollowsVersionWord(text, s))
        {
            return -1;
        }

        // CIDR suffix
        if (next == '/' && ScanChars.IsDigit(ScanChars.At(text, p + 1)))
        {
            var q = p + 1;
            var bits = 0;
            while (q < text.Length && ScanChars.IsDigit(text[q]) && q - p <= 2)
            {
                bits = (bits * 10) + (text[q] - '0');
                q++;
            }

            if (bits <= 32 && !ScanChars.IsWordChar(ScanChars.At(text, q)))
            {
                p = q;
            }
        }

        return p;
    }

    private static readonly string[] VersionWords = ["version", "release", "build", "firmware", "ver", "rev", "v"];

    /// <summary>Whether the word before <paramref name="s"/> (skipping spaces, quotes, '(' and '=') names a version.</summary>
    private static bool FollowsVersionWord(ReadOnlySpan<char> text, int s)
    {
        var p = s;
        var skipped = 0;
        while (p > 0 && text[p - 1] is ' ' or '"' or '\'' or '(' or '=' or ':' && skipped < 4)
        {
            p--;
            skipped++;
        }

        var wordEnd = p;
        while (p > 0 && wordEnd - p < 16 && char.IsAsciiLetter(text[p - 1]))
        {
            p--;
        }

        var word = text[p..wordEnd];
        foreach (var v in VersionWords)
        {
            if (word.Equals(v, StringComparison.OrdinalIgnoreCase) || (v == "version" && word.EndsWith(v, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsUnidentifying(ReadOnlySpan<int> o) => o[0] is 0 or 127 or 255;

    public static void ScanV6(ReadOnlySpan<char> text, List<PiiEntity> sink)
    {
        var pos = 0;
        while (pos < text.Length)
        {
            var rel = text[pos..].IndexOf(':');
            if (rel < 0)
            {
                return;
            }

            var colon = pos + rel;
            var left = colon;
            while (left > pos && IsV6Char(text[left - 1]))
            {
                left--;
            }

            var right = colon;
            while (right < text.Length && IsV6Char(text[right]))
            {
                right++;
            }

            pos = right;
            if (right - left > MaxV6Length + 2 || (left > 0 && ScanChars.IsWordChar(text[left - 1])) || ScanChars.IsWordChar(ScanChars.At(text, right)))
            {
                continue;
            }

            var start = left;
            var end = right;
            while (end > start && text[end - 1] == '.')
            {
                end--;
            }

            if (end - start >= 2 && text[end - 1] == ':' && text[end - 2] != ':')
            {
                end--;
            }

            if (end - start >= 2 && text[start] == ':' && text[start + 1] != ':')
            {
                start++;
            }

            var candidate = text[start..end];
            if (candidate.Length is < 3 or > MaxV6Length || !LooksLikeV6(candidate))
            {
                continue;
            }

            if (IPAddress.TryParse(candidate, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                sink.Add(new PiiEntity(PiiKind.IpAddress, start, end - start, "ipv6", 0.85));
            }
        }
    }

    private static bool IsV6Char(char c) => char.IsAsciiHexDigit(c) || c is ':' or '.';

    /// <summary>At least two non-empty groups and four hex digits, and either "::" or eight groups (seven colons, or six with an IPv4 tail).</summary>
    private static bool LooksLikeV6(ReadOnlySpan<char> s)
    {
        var colons = 0;
        var groups = 0;
        var hex = 0;
        var inGroup = false;
        var hasDots = false;
        foreach (var c in s)
        {
            if (c == ':')
            {
                colons++;
                inGroup = false;
            }
            else
            {
                if (c == '.')
                {
                    hasDots = true;
                }
                else
                {
                    hex++;
                }

                if (!inGroup)
                {
                    groups++;
                    inGroup = true;
                }
            }
        }

        var compressed = s.Contains("::", StringComparison.Ordinal);
        return groups >= 2 && hex >= 4 && (compressed || colons == 7 || (hasDots && colons == 6));
    }
}
