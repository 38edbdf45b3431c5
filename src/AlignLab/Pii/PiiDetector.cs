namespace AlignLab.Pii;

/// <summary>
/// Finds personal data and credentials in text: e-mail addresses, phone numbers, payment cards, IBANs, IP addresses
/// and secrets (see <see cref="PiiKind"/>). Hand-written scanners, each linear in the input, so any string — however
/// long or hostile, lone surrogates included — is scanned in linear time without throwing. Overlapping candidates are
/// resolved so that the entities returned never overlap. Immutable and thread-safe: share one instance.
/// </summary>
public sealed class PiiDetector
{
    private readonly bool _email;
    private readonly bool _phone;
    private readonly bool _card;
    private readonly bool _iban;
    private readonly bool _ip;
    private readonly bool _secret;
    private readonly int _secretMinLength;
    private readonly double _secretEntropy;
    private readonly double _minConfidence;

    /// <summary>Creates a detector; <paramref name="options"/> are validated (null means defaults).</summary>
    public PiiDetector(PiiDetectorOptions? options = null)
    {
        options ??= new PiiDetectorOptions();
        options.Validate();
        var kinds = options.Kinds.ToHashSet();
        _email = kinds.Contains(PiiKind.Email);
        _phone = kinds.Contains(PiiKind.Phone);
        _card = kinds.Contains(PiiKind.CreditCard);
        _iban = kinds.Contains(PiiKind.Iban);
        _ip = kinds.Contains(PiiKind.IpAddress);
        _secret = kinds.Contains(PiiKind.Secret);
        _secretMinLength = options.SecretMinLength;
        _secretEntropy = options.SecretEntropyThreshold;
        _minConfidence = options.MinimumConfidence;
    }

    /// <summary>A detector with the default options (all kinds).</summary>
    public static PiiDetector Default { get; } = new();

    /// <summary>The entities in <paramref name="text"/>, ordered by position and never overlapping.</summary>
    public IReadOnlyList<PiiEntity> Detect(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Detect(text.AsSpan());
    }

    /// <summary>The entities in <paramref name="text"/>, ordered by position and never overlapping.</summary>
    public IReadOnlyList<PiiEntity> Detect(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return [];
        }

        var candidates = new List<PiiEntity>();
        if (_secret)
        {
            SecretScanner.ScanPem(text, candidates);
            SecretScanner.ScanTokens(text, candidates);
            AssignmentScanner.Scan(text, candidates, _secretMinLength, _secretEntropy);
        }

        if (_email)
        {
            EmailScanner.Scan(text, candidates);
        }

        if (_card)
        {
            CardScanner.Scan(text, candidates);
        }

        if (_iban)
        {
            IbanScanner.Scan(text, candidates);
        }

        if (_ip)
        {
            IpScanner.ScanV4(text, candidates);
            IpScanner.ScanV6(text, candidates);
        }

        if (_phone)
        {
            PhoneScanner.Scan(text, candidates);
        }

        if (_minConfidence > 0)
        {
            candidates.RemoveAll(e => e.Confidence < _minConfidence);
        }

        return OverlapResolver.Resolve(candidates);
    }

    /// <summary>Whether <paramref name="text"/> contains any entity.</summary>
    public bool ContainsPii(ReadOnlySpan<char> text) => Detect(text).Count > 0;
}
