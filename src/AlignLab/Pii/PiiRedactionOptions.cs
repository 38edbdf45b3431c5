namespace AlignLab.Pii;

/// <summary>Settings of a <see cref="PiiRedactor"/>. Call <see cref="Validate"/> (the redactor does) before use.</summary>
public sealed class PiiRedactionOptions
{
    /// <summary>The default placeholder of each kind.</summary>
    public static IReadOnlyDictionary<PiiKind, string> DefaultPlaceholders { get; } = new Dictionary<PiiKind, string>
    {
        [PiiKind.Email] = "[EMAIL]",
        [PiiKind.Phone] = "[PHONE]",
        [PiiKind.CreditCard] = "[CARD]",
        [PiiKind.Iban] = "[IBAN]",
        [PiiKind.IpAddress] = "[IP]",
        [PiiKind.Secret] = "[SECRET]",
    };

    /// <summary>Placeholders that replace the defaults for some kinds (kinds not listed keep their default).</summary>
    public IDictionary<PiiKind, string> Placeholders { get; } = new Dictionary<PiiKind, string>();

    /// <summary>
    /// Keep the last four digits of card numbers: <c>4111 1111 1111 1111</c> becomes <c>[CARD ****1111]</c>
    /// (the card placeholder with <c> ****NNNN</c> inserted before its closing bracket, or appended when it has none).
    /// </summary>
    public bool KeepCardLastFour { get; set; }

    /// <summary>The placeholder used for <paramref name="kind"/>.</summary>
    public string PlaceholderFor(PiiKind kind) =>
        Placeholders.TryGetValue(kind, out var p) ? p : DefaultPlaceholders[kind];

    /// <summary>Throws <see cref="ArgumentException"/> when a placeholder is null or a kind is unknown.</summary>
    public void Validate()
    {
        foreach (var (kind, placeholder) in Placeholders)
        {
            if (!Enum.IsDefined(kind))
            {
                throw new ArgumentException($"Unknown PII kind {(int)kind}.", nameof(Placeholders));
            }

            if (placeholder is null)
            {
                throw new ArgumentException($"The placeholder for {kind} must not be null.", nameof(Placeholders));
            }
        }
    }
}
