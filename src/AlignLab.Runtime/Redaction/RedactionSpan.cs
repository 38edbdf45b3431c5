namespace AlignLab.Runtime.Redaction;

/// <summary>A span of text to replace.</summary>
/// <param name="Start">First character.</param>
/// <param name="Length">Number of characters.</param>
/// <param name="Kind">What it is (email, credit_card, …).</param>
/// <param name="Replacement">What to put instead, e.g. <c>[EMAIL]</c>.</param>
public readonly record struct RedactionSpan(int Start, int Length, string Kind, string Replacement)
{
    /// <summary>One past the last character.</summary>
    public int End => Start + Length;

    /// <summary>Applies sorted, non-overlapping spans to <paramref name="text"/>.</summary>
    public static string Apply(string text, IReadOnlyList<RedactionSpan> spans)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(spans);
        if (spans.Count == 0)
        {
            return text;
        }

        var sb = new System.Text.StringBuilder(text.Length);
        var at = 0;
        foreach (var s in spans)
        {
            if (s.Start < at || s.End > text.Length)
            {
                continue; // overlapping or out of range: skip rather than corrupt the text
            }

            sb.Append(text, at, s.Start - at).Append(s.Replacement);
            at = s.End;
        }

        return sb.Append(text, at, text.Length - at).ToString();
    }
}
