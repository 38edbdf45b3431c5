using System.Buffers;
using System.Text.Json;

namespace AlignLab.Pii;

/// <summary>
/// Finds credentials with a recognisable shape: provider-prefixed keys and tokens (AWS, GitHub, OpenAI, Anthropic,
/// Slack, Stripe, Google), JSON Web Tokens whose header decodes to JSON with an <c>alg</c>, and PEM private key blocks.
/// Generic <c>password=</c> assignments are found by <see cref="AssignmentScanner"/>. Every token is consumed once
/// from a start that follows a non-token character, so the scan is linear.
/// </summary>
internal static class SecretScanner
{
    private const int MaxTokenLength = 16 * 1024;
    private const int MaxJwtHeader = 2048;
    private static readonly SearchValues<char> FirstChars = SearchValues.Create("Agsrxe");

    private static readonly string[] AwsPrefixes = ["AKIA", "ASIA", "AGPA", "AIDA", "AROA", "AIPA", "ANPA", "ANVA"];
    private static readonly string[] GitHubPrefixes = ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"];

    public static void ScanTokens(ReadOnlySpan<char> text, List<PiiEntity> sink)
    {
        var pos = 0;
        while (pos < text.Length)
        {
            var rel = text[pos..].IndexOfAny(FirstChars);
            if (rel < 0)
            {
                return;
            }

            var s = pos + rel;
            if (s > 0 && (ScanChars.IsTokenChar(text[s - 1]) || text[s - 1] == '.'))
            {
                pos = SkipToken(text, s);
                continue;
            }

            var tokenEnd = SkipToken(text, s);
            var match = Classify(text, s, tokenEnd, out var subtype, out var end);
            if (match)
            {
                sink.Add(new PiiEntity(PiiKind.Secret, s, end - s, subtype, 0.95));
                pos = end;
            }
            else
            {
                pos = Math.Max(tokenEnd, s + 1);
            }
        }
    }

    private static int SkipToken(ReadOnlySpan<char> text, int s)
    {
        var e = s;
        while (e < text.Length && ScanChars.IsTokenChar(text[e]))
        {
            e++;
        }

        return e;
    }

    private static bool Classify(ReadOnlySpan<char> text, int s, int tokenEnd, out string? subtype, out int end)
    {
        subtype = null;
        end = tokenEnd;
        var token = text[s..tokenEnd];
        if (token.Length > MaxTokenLength)
        {
            return false;
        }

        if (token.StartsWith("eyJ", StringComparison.Ordinal))
        {
            subtype = "jwt";
            return TryJwt(text, s, out end);
        }

        if (IsWordBoundaryAfter(text, tokenEnd) is false)
        {
            return false;
        }

        foreach (var prefix in AwsPrefixes)
        {
            if (token.Length == 20 && token.StartsWith(prefix, StringComparison.Ordinal) && IsUpperAlnum(token[4..]))
            {
                subtype = "aws_access_key_id";
                return true;
            }
        }

        foreach (var prefix in GitHubPrefixes)
        {
            if (token.StartsWith(prefix, StringComparison.Ordinal) && token.Length is >= 40 and <= 255 && IsAlnum(token[4..]))
            {
                subtype = "github_token";
                return true;
            }
        }

        if (token.StartsWith("github_pat_", StringComparison.Ordinal) && token.Length >= 11 + 22)
        {
            subtype = "github_token";
            return true;
        }

        if (token.StartsWith("sk-ant-", StringComparison.Ordinal) && token.Length >= 7 + 32 && HasDigitAndLetter(token[7..]))
        {
            subtype = "anthropic_api_key";
            return true;
        }

        if (token.StartsWith("sk-", StringComparison.Ordinal) && token.Length >= 3 + 20 && HasDigitAndLetter(token[3..]) && HasNoLongWordRun(token[3..]))
        {
            subtype = "openai_api_key";
            return true;
        }

        if (token.StartsWith("xox", StringComparison.Ordinal) && token.Length >= 15 && token[3] is 'b' or 'a' or 'p' or 'r' or 's' && token[4] == '-'
            && CountDigits(token[5..]) >= 6)
        {
            subtype = "slack_token";
            return true;
        }

        if ((token.StartsWith("sk_live_", StringComparison.Ordinal) || token.StartsWith("rk_live_", StringComparison.Ordinal))
            && token.Length >= 8 + 16 && IsAlnum(token[8..]))
        {
            subtype = "stripe_key";
            return true;
        }

        if (token.StartsWith("AIza", StringComparison.Ordinal) && token.Length == 39)
        {
            subtype = "google_api_key";
            return true;
        }

        return false;
    }

    private static bool IsWordBoundaryAfter(ReadOnlySpan<char> text, int end)
    {
        var next = ScanChars.At(text, end);
        return !(char.IsLetterOrDigit(next) || next == '.' && ScanChars.IsTokenChar(ScanChars.At(text, end + 1)));
    }

    private static bool TryJwt(ReadOnlySpan<char> text, int s, out int end)
    {
        end = s;
        var p = s;
        Span<int> segmentEnds = stackalloc int[3];
        for (var i = 0; i < 3; i++)
        {
            var q = p;
            while (q < text.Length && ScanChars.IsTokenChar(text[q]) && q - s < MaxTokenLength)
            {
                q++;
            }

            if (q == p && i < 2)
            {
                return false;
            }

            segmentEnds[i] = q;
            if (i < 2)
            {
                if (ScanChars.At(text, q) != '.')
                {
                    return false;
                }

                p = q + 1;
            }
            else
            {
                p = q;
            }
        }

        var next = ScanChars.At(text, p);
        if (ScanChars.IsTokenChar(next) || (next == '.' && ScanChars.IsTokenChar(ScanChars.At(text, p + 1))))
        {
            return false;
        }

        var header = text[s..segmentEnds[0]];
        if (header.Length > MaxJwtHeader || !HeaderHasAlg(header))
        {
            return false;
        }

        end = p;
        return true;
    }

    private static bool HeaderHasAlg(ReadOnlySpan<char> base64Url)
    {
        var padded = base64Url.Length + ((4 - (base64Url.Length % 4)) % 4);
        Span<char> chars = stackalloc char[MaxJwtHeader + 4];
        for (var i = 0; i < base64Url.Length; i++)
        {
            chars[i] = base64Url[i] switch { '-' => '+', '_' => '/', var c => c };
        }

        for (var i = base64Url.Length; i < padded; i++)
        {
            chars[i] = '=';
        }

        Span<byte> bytes = stackalloc byte[MaxJwtHeader];
        if (!Convert.TryFromBase64Chars(chars[..padded], bytes, out var written))
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(bytes[..written]);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 0)
                {
                    return false;
                }

                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("alg"u8))
                {
                    return reader.Read() && reader.TokenType == JsonTokenType.String;
                }
            }

            return false;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsUpperAlnum(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c) && !char.IsAsciiLetterUpper(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAlnum(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static int CountDigits(ReadOnlySpan<char> s)
    {
        var n = 0;
        foreach (var c in s)
        {
            if (char.IsAsciiDigit(c))
            {
                n++;
            }
        }

        return n;
    }

    private static bool HasDigitAndLetter(ReadOnlySpan<char> s) => s.ContainsAnyInRange('0', '9') && (s.ContainsAnyInRange('a', 'z') || s.ContainsAnyInRange('A', 'Z'));

    /// <summary>Rejects identifiers such as <c>sk-learn-preprocessing-pipeline-2</c>: keys are not made of long lower-case words.</summary>
    private static bool HasNoLongWordRun(ReadOnlySpan<char> s)
    {
        var run = 0;
        var dashes = 0;
        foreach (var c in s)
        {
            if (c == '-')
            {
                dashes++;
            }

            run = char.IsAsciiLetterLower(c) ? run + 1 : 0;
            if (run >= 12)
            {
                return false;
            }
        }

        return dashes <= 4 || s.Length >= 40;
    }

    /// <summary>PEM private key blocks, from <c>-----BEGIN … PRIVATE KEY-----</c> to the matching END line (or the end of the base64 body).</summary>
    public static void ScanPem(ReadOnlySpan<char> text, List<PiiEntity> sink)
    {
        const string begin = "-----BEGIN ";
        const string endMarker = "-----END ";
        var pos = 0;
        var noEndAfter = int.MaxValue;
        while (pos < text.Length)
        {
            var rel = text[pos..].IndexOf(begin, StringComparison.Ordinal);
            if (rel < 0)
            {
                return;
            }

            var s = pos + rel;
            var labelStart = s + begin.Length;
            var labelLen = text[labelStart..Math.Min(text.Length, labelStart + 48)].IndexOf("-----", StringComparison.Ordinal);
            pos = labelStart;
            if (labelLen < 0)
            {
                continue;
            }

            var label = text.Slice(labelStart, labelLen);
            if (!label.EndsWith("PRIVATE KEY", StringComparison.Ordinal) && !label.EndsWith("PRIVATE KEY BLOCK", StringComparison.Ordinal))
            {
                continue;
            }

            var bodyStart = labelStart + labelLen + 5;
            var endAt = -1;
            if (bodyStart < noEndAfter)
            {
                var r = text[bodyStart..].IndexOf(endMarker, StringComparison.Ordinal);
                if (r < 0)
                {
                    noEndAfter = bodyStart;
                }
                else
                {
                    endAt = bodyStart + r;
                }
            }

            int entityEnd;
            if (endAt >= 0)
            {
                var endLabelStart = endAt + endMarker.Length;
                var endLabelLen = text[endLabelStart..Math.Min(text.Length, endLabelStart + 48)].IndexOf("-----", StringComparison.Ordinal);
                entityEnd = endLabelLen < 0 ? endLabelStart : endLabelStart + endLabelLen + 5;
            }
            else
            {
                entityEnd = bodyStart;
                while (entityEnd < text.Length && (char.IsAsciiLetterOrDigit(text[entityEnd]) || text[entityEnd] is '+' or '/' or '=' or '\r' or '\n' or ' ' or '\t'))
                {
                    entityEnd++;
                }

                while (entityEnd > bodyStart && char.IsWhiteSpace(text[entityEnd - 1]))
                {
                    entityEnd--;
                }
            }

            sink.Add(new PiiEntity(PiiKind.Secret, s, entityEnd - s, "private_key", 0.99));
            pos = Math.Max(entityEnd, pos);
        }
    }
}
