using System.Text.RegularExpressions;
using AlignLab.Runtime.Judges;

namespace AlignLab.Runtime.Critique;

/// <summary>
/// Cleans a reviser's answer: removes reasoning blocks, a label line (<c>Revised response:</c>,
/// <c>Here is the revised response:</c>), a code fence around the whole answer (unless it names a programming
/// language), <c>&lt;response&gt;</c> tags and quotes around the whole answer.
/// </summary>
public static partial class ReviserOutputCleaner
{
    /// <summary>Returns the cleaned text (empty when nothing is left).</summary>
    public static string Clean(string? output)
    {
        if (string.IsNullOrEmpty(output))
        {
            return string.Empty;
        }

        var text = JudgeOutputText.StripReasoning(output.Replace("\r\n", "\n", StringComparison.Ordinal)).Trim();
        for (var pass = 0; pass < 4; pass++)
        {
            var before = text;
            text = StripLabel(text);
            text = StripFence(text);
            text = StripTags(text);
            text = StripQuotes(text);
            if (text == before)
            {
                break;
            }
        }

        return text;
    }

    private static string StripLabel(string text)
    {
        var m = Label().Match(text);
        return m.Success ? text[m.Length..].Trim() : text;
    }

    private static string StripFence(string text)
    {
        var m = WholeFence().Match(text);
        if (!m.Success || m.Groups["body"].Value.Contains("```", StringComparison.Ordinal))
        {
            return text;
        }

        var lang = m.Groups["lang"].Value.Trim().ToLowerInvariant();
        return lang is "" or "text" or "markdown" or "md" or "plaintext" or "txt" ? m.Groups["body"].Value.Trim() : text;
    }

    private static string StripTags(string text)
    {
        var m = WholeTag().Match(text);
        return m.Success ? m.Groups["body"].Value.Trim() : text;
    }

    private static string StripQuotes(string text)
    {
        if (text.Length < 2)
        {
            return text;
        }

        var (open, close) = (text[0], text[^1]);
        var pair = (open, close) is ('"', '"') or ('“', '”') or ('\'', '\'') or ('«', '»');
        if (!pair)
        {
            return text;
        }

        var inner = text[1..^1];
        return inner.Contains(open) || inner.Contains(close) ? text : inner.Trim();
    }

    [GeneratedRegex(@"^[*_#\s]*(?:(?:here(?:'s|\s+is)\s+(?:the\s+|my\s+|a\s+|your\s+)?(?:(?:revised|improved|updated|rewritten|new|final)\s+)?(?:response|answer|version|revision|text|reply))|(?:(?:revised|improved|updated|rewritten|final)\s+(?:response|answer|version|text|reply))|revision|response)[*_\s]*:[*_]*[ \t]*(?:\n|$)?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Label();

    [GeneratedRegex(@"^(?:```|~~~)(?<lang>[^\n]*)\n(?<body>.*?)\n?(?:```|~~~)$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex WholeFence();

    [GeneratedRegex(@"^<(?<tag>response|revised_response|revision|answer)>(?<body>.*)</\k<tag>>$", RegexOptions.Singleline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WholeTag();
}
