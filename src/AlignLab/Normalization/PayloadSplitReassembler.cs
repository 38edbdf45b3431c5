using System.Text;

namespace AlignLab.Normalization;

/// <summary>
/// Joins a request that was cut into quoted string variables and concatenated again, the payload-splitting attack:
/// <c>a = "How do I pick"</c>, <c>b = " a lock"</c>, then <c>z = a + b</c>. No single variable holds the request, so neither
/// the rules nor the classifier saw it; the joined text becomes a view of its own, decided like plain text.
/// </summary>
/// <remarks>
/// An assignment is an identifier (letters, digits and '_', at most 32 characters, starting with a letter or '_'), optional
/// spaces, '=', optional spaces and a string in double or single quotes on one line, with the escapes \" \' \\ \n \t. With
/// at least two assignments, the variables are joined in the order of the longest <c>x + y + …</c> expression that names
/// only assigned variables, or in the order they were assigned when there is none. One pass over the text, no regular
/// expressions: linear time.
/// </remarks>
internal static class PayloadSplitReassembler
{
    private const int MaxName = 32;
    private const int MaxVariables = 64;

    /// <summary>The joined request as a segment spanning the assignments (and the join expression), or null.</summary>
    public static EncodedSegment? Find(string text)
    {
        if (text.IndexOf('=', StringComparison.Ordinal) < 0 || text.AsSpan().IndexOfAny('"', '\'') < 0)
        {
            return null;
        }

        var names = new List<string>();
        var values = new List<string>();
        int first = -1, last = -1;
        for (var i = text.IndexOf('='); i >= 0 && names.Count < MaxVariables; i = i + 1 < text.Length ? text.IndexOf('=', i + 1) : -1)
        {
            if (!TryAssignment(text, i, out var nameStart, out var name, out var value, out var end))
            {
                continue;
            }

            var existing = names.IndexOf(name);
            if (existing >= 0)
            {
                values[existing] = value;
            }
            else
            {
                names.Add(name);
                values.Add(value);
            }

            first = first < 0 ? nameStart : first;
            last = Math.Max(last, end);
        }

        if (names.Count < 2)
        {
            return null;
        }

        var (order, exprEnd) = JoinOrder(text, names);
        var joined = new StringBuilder();
        foreach (var k in order ?? Enumerable.Range(0, names.Count))
        {
            joined.Append(values[k]);
        }

        var result = joined.ToString();
        return string.IsNullOrWhiteSpace(result) ? null : new EncodedSegment(TransformKind.PayloadSplit, first, Math.Max(last, exprEnd), result);
    }

    // name = "value" with '=' at index eq (not part of ==, !=, <=, >=).
    private static bool TryAssignment(string text, int eq, out int nameStart, out string name, out string value, out int end)
    {
        (nameStart, name, value, end) = (0, string.Empty, string.Empty, 0);
        if ((eq + 1 < text.Length && text[eq + 1] == '=') || (eq > 0 && text[eq - 1] is '=' or '!' or '<' or '>' or '+'))
        {
            return false;
        }

        var j = eq - 1;
        while (j >= 0 && text[j] is ' ' or '\t')
        {
            j--;
        }

        var nameEnd = j + 1;
        while (j >= 0 && IsNameChar(text[j]) && nameEnd - j <= MaxName)
        {
            j--;
        }

        nameStart = j + 1;
        if (nameStart == nameEnd || char.IsAsciiDigit(text[nameStart]) || (j >= 0 && IsNameChar(text[j])))
        {
            return false;
        }

        var q = eq + 1;
        while (q < text.Length && text[q] is ' ' or '\t')
        {
            q++;
        }

        if (q >= text.Length || text[q] is not ('"' or '\''))
        {
            return false;
        }

        var quote = text[q];
        var sb = new StringBuilder();
        for (var k = q + 1; k < text.Length; k++)
        {
            var c = text[k];
            if (c is '\n' or '\r')
            {
                return false;
            }

            if (c == quote)
            {
                (name, value, end) = (text[nameStart..nameEnd], sb.ToString(), k + 1);
                return true;
            }

            if (c == '\\' && k + 1 < text.Length)
            {
                k++;
                sb.Append(text[k] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', var e => e });
                continue;
            }

            sb.Append(c);
        }

        return false;
    }

    // The longest "x + y + …" run of assigned names, as indexes into names, and where it ends.
    private static (List<int>? Order, int End) JoinOrder(string text, List<string> names)
    {
        List<int>? best = null;
        var bestEnd = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (!IsNameChar(text[i]) || (i > 0 && IsNameChar(text[i - 1])))
            {
                i++;
                continue;
            }

            var run = new List<int>();
            var k = i;
            var runEnd = i;
            while (true)
            {
                var s = k;
                while (k < text.Length && IsNameChar(text[k]))
                {
                    k++;
                }

                var index = names.IndexOf(text[s..k]);
                if (index < 0)
                {
                    break;
                }

                run.Add(index);
                runEnd = k;
                var p = k;
                while (p < text.Length && text[p] == ' ')
                {
                    p++;
                }

                if (p >= text.Length || text[p] != '+')
                {
                    break;
                }

                p++;
                while (p < text.Length && text[p] == ' ')
                {
                    p++;
                }

                k = p;
            }

            if (run.Count >= 2 && run.Count > (best?.Count ?? 0))
            {
                (best, bestEnd) = (run, runEnd);
            }

            i = Math.Max(i + 1, runEnd);
        }

        return (best, bestEnd);
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
