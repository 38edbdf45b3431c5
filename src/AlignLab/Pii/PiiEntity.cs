namespace AlignLab.Pii;

/// <summary>One piece of personal data or one credential found in a text.</summary>
/// <param name="Kind">What was found.</param>
/// <param name="Start">Offset of the first character (UTF-16 code units) in the scanned text.</param>
/// <param name="Length">Length in UTF-16 code units.</param>
/// <param name="Subtype">A finer label: the card brand (<c>visa</c>), the IBAN country (<c>DE</c>), the secret type (<c>github_token</c>), …</param>
/// <param name="Confidence">How sure the detector is, 0–1 (checksummed and prefixed formats score higher than heuristics).</param>
public readonly record struct PiiEntity(PiiKind Kind, int Start, int Length, string? Subtype, double Confidence)
{
    /// <summary>Offset just past the last character.</summary>
    public int End => Start + Length;

    /// <summary>The entity's text in <paramref name="text"/> (the text it was found in).</summary>
    public string TextIn(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Substring(Start, Length);
    }
}
