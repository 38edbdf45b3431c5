using System.Text;
using System.Text.RegularExpressions;

namespace AlignLab.Runtime.Judges;

/// <summary>Clean-up shared by the judge and critic parsers: reasoning blocks, code fences, markdown decoration.</summary>
internal static partial class JudgeOutputText
{
    /// <summary>
    /// Removes <c>&lt;think&gt;…&lt;/think&gt;</c> (and <c>&lt;thinking&gt;</c>, <c>&lt;reasoning&gt;</c>) blocks. A closing tag
    /// without an opening one (some servers strip the opening tag) drops everything before it; an opening tag that is
    /// never closed drops everything after it (the answer was cut off inside the reasoning).
    /// </summary>
    public static string StripReasoning(string text)
    {
        var result = ThinkBlock().Replace(text, " ");
        var close = LastClosingTag().Match(result);
        if (close.Success)
        {
            result = result[(close.Index + close.Length)..];
        }

        var open = OpeningTag().Match(result);
        if (open.Success)
        {
            result = result[..open.Index];
        }

        return result;
    }

    /// <summary>Removes markdown code-fence lines (<c>```json</c>, <c>```</c>, <c>~~~</c>) and keeps their content.</summary>
    public static string StripFenceLines(string text) => FenceLine().Replace(text, "\n");

    /// <summary>Reasoning blocks and fences removed, line endings normalised, trimmed.</summary>
    public static string Clean(string? raw)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return string.Empty;
        }

        var text = raw.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        text = StripReasoning(text);
        text = StripFenceLines(text);
        return text.Trim();
    }

    /// <summary>
    /// A line without markdown decoration: leading list/quote/heading marks, emphasis asterisks and underscores at the
    /// edges, backticks and surrounding quotes are removed.
    /// </summary>
    /// <summary>
    /// Reads a line that starts with one of two answer words ("unsafe"/"safe", "Yes"/"No", any case), either directly or
    /// after a short label ending in one of <paramref name="labelSeparators"/> ("Assessment: unsafe"). The word must
    /// end at a boundary (not a letter, digit or '_', nor an apostrophe when <paramref name="apostropheJoins"/>).
    /// </summary>
    public static bool TryReadAnswerWord(string rawLine, string positive, string negative, char[] labelSeparators, bool apostropheJoins, out bool isPositive, out string rest)
    {
        var line = Undecorate(rawLine);
        if (TryLeadingWord(line, positive, negative, apostropheJoins, out isPositive, out rest))
        {
            return true;
        }

        var separator = line.IndexOfAny(labelSeparators);
        return separator is > 0 and <= 40 && TryLeadingWord(Undecorate(line[(separator + 1)..]), positive, negative, apostropheJoins, out isPositive, out rest);
    }

    private static bool TryLeadingWord(string line, string positive, string negative, bool apostropheJoins, out bool isPositive, out string rest)
    {
        isPositive = false;
        rest = string.Empty;
        var end = 0;
        while (end < line.Length && char.IsAsciiLetter(line[end]))
        {
            end++;
        }

        if (end < line.Length && (char.IsLetterOrDigit(line[end]) || line[end] == '_' || (apostropheJoins && line[end] == '\'')))
        {
            return false;
        }

        var word = line.AsSpan(0, end);
        if (word.Equals(positive, StringComparison.OrdinalIgnoreCase))
        {
            isPositive = true;
        }
        else if (!word.Equals(negative, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        rest = line[end..];
        return true;
    }

    public static string Undecorate(string line)
    {
        var sb = new StringBuilder(line.Length);
        foreach (var c in line)
        {
            if (c is not ('*' or '`'))
            {
                sb.Append(c);
            }
        }

        return sb.ToString().Trim().TrimStart('#', '>', '-', '•', ' ', '\t').Trim().Trim('"', '\'', '“', '”', '_', ' ');
    }

    /// <summary>Collapses every run of whitespace into one space and trims.</summary>
    public static string NormalizeWhitespace(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"<(think|thinking|reasoning)>.*?</\1>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex ThinkBlock();

    [GeneratedRegex(@"</(think|thinking|reasoning)>", RegexOptions.IgnoreCase | RegexOptions.RightToLeft | RegexOptions.CultureInvariant)]
    private static partial Regex LastClosingTag();

    [GeneratedRegex(@"<(think|thinking|reasoning)>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OpeningTag();

    [GeneratedRegex(@"^[ \t]*(```|~~~)[^\n]*$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex FenceLine();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
