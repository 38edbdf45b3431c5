namespace AlignLab.Normalization;

/// <summary>The cached result of folding one non-ASCII code point.</summary>
internal sealed class FoldInfo
{
    public FoldInfo(FoldAction action, string output, int kinds, string detail, bool isIdentity)
    {
        Action = action;
        Output = output;
        Kinds = kinds;
        Detail = detail;
        IsIdentity = isIdentity;
    }

    /// <summary>What to do with the code point.</summary>
    public FoldAction Action { get; }

    /// <summary>Replacement text (lower-case); empty for <see cref="FoldAction.Remove"/> and <see cref="FoldAction.Mark"/>.</summary>
    public string Output { get; }

    /// <summary>Bit set of <see cref="TransformKind"/> values (bit <c>1 &lt;&lt; kind</c>) that apply; 0 when nothing notable changed.</summary>
    public int Kinds { get; }

    /// <summary>Event detail, e.g. <c>U+0430 CYRILLIC SMALL LETTER A -&gt; a</c>.</summary>
    public string Detail { get; }

    /// <summary>True when the output equals the input code point (no change at all).</summary>
    public bool IsIdentity { get; }
}
