namespace AlignLab.Normalization;

/// <summary>
/// A half-open range <c>[Start, End)</c> of UTF-16 code units in a string.
/// </summary>
/// <param name="Start">Index of the first code unit.</param>
/// <param name="Length">Number of code units (never negative for spans produced by this library).</param>
public readonly record struct TextSpan(int Start, int Length)
{
    /// <summary>Index one past the last code unit.</summary>
    public int End => Start + Length;

    /// <summary>True when the span covers no code unit.</summary>
    public bool IsEmpty => Length == 0;

    /// <summary>Creates a span from a start and an exclusive end.</summary>
    public static TextSpan FromBounds(int start, int end) => new(start, end - start);

    /// <summary>
    /// True when the two spans share at least one code unit. An empty span overlaps a span that
    /// strictly contains its position, or starts at it (<c>Start &lt;= p &lt; End</c>); two empty spans overlap when equal.
    /// </summary>
    public bool Overlaps(TextSpan other)
    {
        if (Length == 0 && other.Length == 0)
        {
            return Start == other.Start;
        }

        if (Length == 0)
        {
            return other.Start <= Start && Start < other.End;
        }

        if (other.Length == 0)
        {
            return Start <= other.Start && other.Start < End;
        }

        return Start < other.End && other.Start < End;
    }

    /// <summary>True when <paramref name="position"/> lies in <c>[Start, End)</c>.</summary>
    public bool Contains(int position) => position >= Start && position < End;

    /// <summary>True when <paramref name="other"/> lies entirely inside this span.</summary>
    public bool Contains(TextSpan other) => other.Start >= Start && other.End <= End;

    /// <inheritdoc />
    public override string ToString() => $"[{Start}..{End})";
}
