using System.Text;

namespace AlignLab.Pii;

/// <summary>
/// Replaces every entity that a <see cref="PiiDetector"/> finds with a placeholder (<c>[EMAIL]</c>, <c>[PHONE]</c>,
/// <c>[CARD]</c>, <c>[IBAN]</c>, <c>[IP]</c>, <c>[SECRET]</c> by default). Immutable and thread-safe.
/// </summary>
public sealed class PiiRedactor
{
    private readonly PiiDetector _detector;
    private readonly string[] _placeholders;
    private readonly bool _keepCardLastFour;

    /// <summary>Creates a redactor; <paramref name="options"/> are validated (null means defaults), <paramref name="detector"/> defaults to <see cref="PiiDetector.Default"/>.</summary>
    public PiiRedactor(PiiRedactionOptions? options = null, PiiDetector? detector = null)
    {
        options ??= new PiiRedactionOptions();
        options.Validate();
        _detector = detector ?? PiiDetector.Default;
        var kinds = Enum.GetValues<PiiKind>();
        _placeholders = new string[kinds.Length];
        foreach (var kind in kinds)
        {
            _placeholders[(int)kind] = options.PlaceholderFor(kind);
        }

        _keepCardLastFour = options.KeepCardLastFour;
    }

    /// <summary>A redactor with the default placeholders and detector.</summary>
    public static PiiRedactor Default { get; } = new();

    /// <summary>Detects and replaces the entities of <paramref name="text"/>.</summary>
    public PiiRedactionResult Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var entities = _detector.Detect(text);
        if (entities.Count == 0)
        {
            return new PiiRedactionResult(text, entities);
        }

        var sb = new StringBuilder(text.Length);
        var pos = 0;
        foreach (var e in entities)
        {
            sb.Append(text, pos, e.Start - pos);
            sb.Append(PlaceholderFor(text, e));
            pos = e.End;
        }

        sb.Append(text, pos, text.Length - pos);
        return new PiiRedactionResult(sb.ToString(), entities);
    }

    private string PlaceholderFor(string text, PiiEntity e)
    {
        var placeholder = _placeholders[(int)e.Kind];
        if (!_keepCardLastFour || e.Kind != PiiKind.CreditCard)
        {
            return placeholder;
        }

        Span<char> last = stackalloc char[4];
        var n = 4;
        for (var i = e.End - 1; i >= e.Start && n > 0; i--)
        {
            if (char.IsAsciiDigit(text[i]))
            {
                last[--n] = text[i];
            }
        }

        var suffix = " ****" + last.ToString();
        return placeholder.EndsWith(']') ? placeholder[..^1] + suffix + "]" : placeholder + suffix;
    }
}
