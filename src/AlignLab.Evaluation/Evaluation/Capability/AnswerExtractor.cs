using System.Globalization;
using System.Text;

namespace AlignLab.Evaluation.Capability;

/// <summary>
/// Pulls the final answer out of a model's free-text reply, for capability suites such as GSM8K (a number) and
/// TruthfulQA multiple choice (an option). The explicit forms win over the implicit ones: <c>\boxed{…}</c>, then
/// GSM8K's <c>#### n</c>, then "the (final) answer is …" / "answer: …", and only then the last number in the text.
/// Hand-written scanning (no regular expressions), linear in the reply's length, never throws.
/// </summary>
public static class AnswerExtractor
{
    private static readonly string[] AnswerMarkers = ["final answer is", "the answer is", "answer is", "final answer:", "answer:"];

    /// <summary>The numeric answer, or null when the reply holds no number.</summary>
    public static decimal? ExtractNumber(string? reply)
    {
        if (string.IsNullOrEmpty(reply))
        {
            return null;
        }

        var boxed = LastBoxed(reply);
        if (boxed is not null && (Fraction(boxed) ?? FirstNumber(boxed)) is { } b)
        {
            return b;
        }

        var hashes = reply.LastIndexOf("####", StringComparison.Ordinal);
        if (hashes >= 0 && FirstNumber(reply.AsSpan(hashes + 4)) is { } h)
        {
            return h;
        }

        var lower = reply.ToLowerInvariant();
        foreach (var marker in AnswerMarkers)
        {
            var at = lower.LastIndexOf(marker, StringComparison.Ordinal);
            if (at >= 0 && FirstNumber(reply.AsSpan(at + marker.Length)) is { } m)
            {
                return m;
            }
        }

        return LastNumber(reply);
    }

    /// <summary>Whether the reply's numeric answer equals <paramref name="expected"/> (exactly, after normalisation).</summary>
    public static bool MatchesNumber(string? reply, decimal expected) => ExtractNumber(reply) is { } v && v == expected;

    /// <summary>
    /// The index of the option the reply chose, or null: an option letter ("B", "(B)", "B)", "Answer: B"), else the
    /// one option whose text the reply contains (ignoring case and punctuation) when exactly one matches.
    /// </summary>
    public static int? ExtractChoice(string? reply, IReadOnlyList<string> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(reply) || options.Count == 0 || options.Count > 26)
        {
            return null;
        }

        var lower = reply.ToLowerInvariant();
        foreach (var marker in AnswerMarkers)
        {
            var at = lower.LastIndexOf(marker, StringComparison.Ordinal);
            if (at >= 0 && LetterAt(reply.AsSpan(at + marker.Length), options.Count, requireStandalone: true) is { } l)
            {
                return l;
            }
        }

        // A reply that is only a letter, or starts with one: "B", "(B)", "B) Paris", "B. Paris".
        if (LetterAt(reply.AsSpan(), options.Count, requireStandalone: true) is { } first)
        {
            return first;
        }

        var normalizedReply = Normalize(reply);
        int? found = null;
        for (var i = 0; i < options.Count; i++)
        {
            var option = Normalize(options[i]);
            if (option.Length > 0 && normalizedReply.Contains(option, StringComparison.Ordinal))
            {
                if (found is not null)
                {
                    return null; // ambiguous: the reply mentions several options
                }

                found = i;
            }
        }

        return found;
    }

    private static string? LastBoxed(string reply)
    {
        var at = reply.LastIndexOf("\\boxed{", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var depth = 1;
        var start = at + 7;
        for (var i = start; i < reply.Length; i++)
        {
            if (reply[i] == '{')
            {
                depth++;
            }
            else if (reply[i] == '}' && --depth == 0)
            {
                return reply[start..i];
            }
        }

        return null;
    }

    /// <summary>A LaTeX fraction <c>\frac{a}{b}</c> (or <c>\dfrac</c>, <c>\tfrac</c>) as a/b.</summary>
    private static decimal? Fraction(string text)
    {
        var at = text.IndexOf("frac{", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var numeratorEnd = text.IndexOf('}', at + 5);
        if (numeratorEnd < 0 || numeratorEnd + 1 >= text.Length || text[numeratorEnd + 1] != '{')
        {
            return null;
        }

        var denominatorEnd = text.IndexOf('}', numeratorEnd + 2);
        if (denominatorEnd < 0 || FirstNumber(text.AsSpan(at + 5, numeratorEnd - at - 5)) is not { } a
            || FirstNumber(text.AsSpan(numeratorEnd + 2, denominatorEnd - numeratorEnd - 2)) is not { } b || b == 0)
        {
            return null;
        }

        var sign = text.AsSpan(0, at).Contains('-') ? -1 : 1;
        return sign * a / b;
    }

    private static decimal? FirstNumber(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (TryNumberAt(text, i, out var value, out _))
            {
                return value;
            }
        }

        return null;
    }

    private static decimal? LastNumber(string text)
    {
        decimal? last = null;
        var i = 0;
        while (i < text.Length)
        {
            if (TryNumberAt(text, i, out var value, out var end))
            {
                last = value;
                i = end;
            }
            else
            {
                i++;
            }
        }

        return last;
    }

    /// <summary>A number starting at <paramref name="i"/>: optional sign, digits with thousands commas, optional decimals.</summary>
    private static bool TryNumberAt(ReadOnlySpan<char> text, int i, out decimal value, out int end)
    {
        value = 0;
        end = i;
        var start = i;
        var negative = false;
        if (i < text.Length && text[i] is '-' or '−' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]) && (i == 0 || !char.IsAsciiLetterOrDigit(text[i - 1])))
        {
            negative = true;
            i++;
        }

        if (i >= text.Length || !char.IsAsciiDigit(text[i]) || (i > 0 && (char.IsAsciiDigit(text[i - 1]) || text[i - 1] == '.') && !negative) || (i > 0 && char.IsAsciiLetter(text[i - 1])))
        {
            return false;
        }

        var digits = new StringBuilder();
        while (i < text.Length)
        {
            if (char.IsAsciiDigit(text[i]))
            {
                digits.Append(text[i]);
                i++;
            }
            else if (text[i] == ',' && ThreeDigitsAt(text, i + 1))
            {
                i++; // thousands separator
            }
            else
            {
                break;
            }
        }

        if (i + 1 < text.Length && text[i] == '.' && char.IsAsciiDigit(text[i + 1]))
        {
            digits.Append('.');
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                digits.Append(text[i]);
                i++;
            }
        }

        if (digits.Length > 28 || !decimal.TryParse(digits.ToString(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
        {
            end = Math.Max(i, start + 1);
            return false;
        }

        value = negative ? -value : value;
        end = i;
        return true;
    }

    private static bool ThreeDigitsAt(ReadOnlySpan<char> text, int i) =>
        i + 2 < text.Length && char.IsAsciiDigit(text[i]) && char.IsAsciiDigit(text[i + 1]) && char.IsAsciiDigit(text[i + 2])
        && (i + 3 >= text.Length || !char.IsAsciiDigit(text[i + 3]));

    private static int? LetterAt(ReadOnlySpan<char> text, int optionCount, bool requireStandalone)
    {
        var i = 0;
        while (i < text.Length && (char.IsWhiteSpace(text[i]) || text[i] is '(' or '[' or '*' or ':' or '"' or '\''))
        {
            i++;
        }

        if (i >= text.Length || !char.IsAsciiLetter(text[i]))
        {
            return null;
        }

        var letter = char.ToUpperInvariant(text[i]) - 'A';
        var next = i + 1 < text.Length ? text[i + 1] : ' ';
        if (letter < 0 || letter >= optionCount || (requireStandalone && char.IsAsciiLetterOrDigit(next)))
        {
            return null;
        }

        return letter;
    }

    private static string Normalize(string text)
    {
        var sb = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(char.ToLowerInvariant(c));
                space = false;
            }
            else if (!space && sb.Length > 0)
            {
                sb.Append(' ');
                space = true;
            }
        }

        return sb.ToString().Trim();
    }
}
