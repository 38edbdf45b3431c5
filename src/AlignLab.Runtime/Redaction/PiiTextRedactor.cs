using AlignLab.Pii;

namespace AlignLab.Runtime.Redaction;

/// <summary>The PII detector as an <see cref="ITextRedactor"/> for the pipeline.</summary>
public sealed class PiiTextRedactor : ITextRedactor
{
    private readonly PiiDetector _detector;
    private readonly PiiRedactionOptions _placeholders;

    /// <summary>Redacts the given kinds (all when null).</summary>
    public PiiTextRedactor(IReadOnlyCollection<PiiKind>? kinds = null, PiiRedactionOptions? placeholders = null)
    {
        _detector = kinds is null ? PiiDetector.Default : new PiiDetector(new PiiDetectorOptions { Kinds = kinds });
        _placeholders = placeholders ?? new PiiRedactionOptions();
    }

    /// <summary>Maps the constitution's kind names (email, phone, credit_card, iban, ip, secret) to kinds.</summary>
    public static IReadOnlyCollection<PiiKind> KindsFromNames(IEnumerable<string> names) =>
        [.. names.Select(n => n switch
        {
            "email" => PiiKind.Email,
            "phone" => PiiKind.Phone,
            "credit_card" => PiiKind.CreditCard,
            "iban" => PiiKind.Iban,
            "ip" => PiiKind.IpAddress,
            "secret" => PiiKind.Secret,
            _ => throw new ArgumentException($"unknown PII kind '{n}'", nameof(names)),
        }).Distinct()];

    /// <inheritdoc />
    public IReadOnlyList<RedactionSpan> Find(string text)
    {
        var entities = _detector.Detect(text ?? string.Empty);
        if (entities.Count == 0)
        {
            return [];
        }

        var spans = new List<RedactionSpan>(entities.Count);
        foreach (var e in entities.OrderBy(e => e.Start))
        {
            spans.Add(new RedactionSpan(e.Start, e.Length, KindName(e.Kind), _placeholders.PlaceholderFor(e.Kind)));
        }

        return spans;
    }

    private static string KindName(PiiKind kind) => kind switch
    {
        PiiKind.Email => "email",
        PiiKind.Phone => "phone",
        PiiKind.CreditCard => "credit_card",
        PiiKind.Iban => "iban",
        PiiKind.IpAddress => "ip",
        _ => "secret",
    };
}
