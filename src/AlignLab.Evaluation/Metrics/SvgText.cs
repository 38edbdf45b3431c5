using System.Globalization;
using System.Text;
using System.Xml;

namespace AlignLab.Metrics;

/// <summary>Text made safe for HTML and for XML (SVG): characters XML forbids become U+FFFD, then markup is escaped.</summary>
internal static class SvgText
{
    /// <summary>Escapes <paramref name="s"/> for element content and quoted attributes in HTML and XML (only &amp; &lt; &gt; " ' are replaced; the page is UTF-8).</summary>
    public static string Encode(string? s)
    {
        if (string.IsNullOrEmpty(s))
        {
            return string.Empty;
        }

        var clean = Clean(s);
        if (clean.AsSpan().IndexOfAny("&<>\"'") < 0)
        {
            return clean;
        }

        var sb = new StringBuilder(clean.Length + 16);
        foreach (var c in clean)
        {
            _ = c switch
            {
                '&' => sb.Append("&amp;"),
                '<' => sb.Append("&lt;"),
                '>' => sb.Append("&gt;"),
                '"' => sb.Append("&quot;"),
                '\'' => sb.Append("&#39;"),
                _ => sb.Append(c),
            };
        }

        return sb.ToString();
    }

    /// <summary>Replaces characters that XML 1.0 does not allow (controls other than tab/CR/LF, lone surrogates, U+FFFE/U+FFFF).</summary>
    public static string Clean(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        StringBuilder? sb = null;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                sb?.Append(c).Append(s[i + 1]);
                i++;
                continue;
            }

            if (XmlConvert.IsXmlChar(c))
            {
                sb?.Append(c);
                continue;
            }

            sb ??= new StringBuilder(s.Length).Append(s, 0, i);
            sb.Append('\uFFFD');
        }

        return sb?.ToString() ?? s;
    }

    /// <summary>Cuts <paramref name="s"/> to at most <paramref name="max"/> UTF-16 units plus an ellipsis, never splitting a surrogate pair.</summary>
    public static string Truncate(string s, int max)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (s.Length <= max)
        {
            return s;
        }

        var cut = Math.Max(0, max - 1);
        if (cut > 0 && char.IsHighSurrogate(s[cut - 1]))
        {
            cut--;
        }

        return string.Concat(s.AsSpan(0, cut), "…");
    }

    public static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
