namespace AlignLab.Normalization;

/// <summary>
/// One normalised rendering of the input (the primary view, or the text decoded from a base64/hex
/// segment, or the rot13 reading) together with a map from its characters back to the original input.
/// </summary>
/// <remarks>
/// Every character of <see cref="Text"/> maps to a non-empty range of the original input; the ranges are
/// non-decreasing, so a range maps to <c>[start of its first character, end of its last character)</c>. The map is
/// stored as runs (unchanged stretches cost nothing), so <see cref="MapToOriginal(int, int)"/> is a binary search.
/// Instances are immutable and thread-safe.
/// </remarks>
public sealed class TextView
{
    private readonly OffsetMap? _map;
    private readonly TextSpan? _constant;
    private readonly int _originalLength;

    private TextView(string text, string source, OffsetMap? map, TextSpan? constant, int originalLength, IReadOnlyList<NormalizationEvent> events)
    {
        Text = text;
        Source = source;
        _map = map;
        _constant = constant;
        _originalLength = originalLength;
        Events = events;
    }

    /// <summary>Source name of the primary view.</summary>
    public const string NormalizedSource = "normalized";

    /// <summary>Source name of a view decoded from base64.</summary>
    public const string Base64Source = "base64";

    /// <summary>Source name of a view decoded from hexadecimal.</summary>
    public const string HexSource = "hex";

    /// <summary>Source name of a rot13 view.</summary>
    public const string Rot13Source = "rot13";

    /// <summary>
    /// Source name of a view joined from a request cut into quoted string variables (see <see cref="TransformKind.PayloadSplit"/>).
    /// </summary>
    public const string PayloadSplitSource = "payload_split";

    /// <summary>Source name of the aggressively leetspeak-folded view (added only for text that reads as leetspeak).</summary>
    public const string LeetspeakSource = "leetspeak";

    /// <summary>
    /// Source name of the view that reads every C0/C1 control character as a space (added only when one sits between
    /// two letters or digits, where the primary view, which removes it, joins the words around it).
    /// </summary>
    public const string SeparatedSource = "separated";

    /// <summary>The normalised text to match rules against (lower-case, invariant culture).</summary>
    public string Text { get; }

    /// <summary>
    /// Where the view comes from: <c>"normalized"</c>, <c>"base64"</c>, <c>"hex"</c>, <c>"rot13"</c>, <c>"leetspeak"</c> or
    /// <c>"separated"</c>.
    /// </summary>
    public string Source { get; }

    /// <summary>The events that shaped this view, ordered by original position.</summary>
    public IReadOnlyList<NormalizationEvent> Events { get; }

    /// <summary>True when every character of this view maps to the same original span (decoded views).</summary>
    public bool IsDecoded => _constant.HasValue;

    /// <summary>
    /// Maps the range <c>[start, start + length)</c> of <see cref="Text"/> to the span of the original input
    /// whose characters produced it. Arguments outside the text are clamped; the result always lies inside
    /// <c>[0, Original.Length]</c>. For a decoded view every range maps to the whole encoded segment.
    /// </summary>
    public TextSpan MapToOriginal(int start, int length)
    {
        if (_constant is { } whole)
        {
            return whole;
        }

        var textLength = Text.Length;
        if (start < 0)
        {
            length += start;
            start = 0;
        }

        if (start > textLength)
        {
            start = textLength;
        }

        if (length < 0)
        {
            length = 0;
        }

        if (length > textLength - start)
        {
            length = textLength - start;
        }

        if (_map is null)
        {
            // Identity map: output character i came from original character i.
            return new TextSpan(start, length);
        }

        if (length == 0)
        {
            if (start < textLength)
            {
                return new TextSpan(_map.CharRange(start).Start, 0);
            }

            return textLength == 0 ? new TextSpan(0, 0) : new TextSpan(_map.CharRange(textLength - 1).End, 0);
        }

        var from = _map.CharRange(start).Start;
        var to = _map.CharRange(start + length - 1).End;
        return TextSpan.FromBounds(from, Math.Max(from, Math.Min(to, _originalLength)));
    }

    /// <summary>Maps a span of <see cref="Text"/> to the original input; see <see cref="MapToOriginal(int, int)"/>.</summary>
    public TextSpan MapToOriginal(TextSpan span) => MapToOriginal(span.Start, span.Length);

    /// <inheritdoc />
    public override string ToString() => $"{Source}: {Text}";

    internal static TextView Mapped(string text, string source, OffsetMap? map, int originalLength, IReadOnlyList<NormalizationEvent> events)
        => new(text, source, map, null, originalLength, events);

    internal static TextView Constant(string text, string source, TextSpan span, int originalLength, IReadOnlyList<NormalizationEvent> events)
        => new(text, source, null, span, originalLength, events);

    internal OffsetMap? Map => _map;
}
