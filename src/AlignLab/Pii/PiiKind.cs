namespace AlignLab.Pii;

/// <summary>The kinds of personal data and credentials that <see cref="PiiDetector"/> finds.</summary>
public enum PiiKind
{
    /// <summary>An e-mail address (<c>name@example.com</c>).</summary>
    Email,

    /// <summary>A telephone number: international (<c>+44 20 7946 0958</c>), North American or European national format.</summary>
    Phone,

    /// <summary>A payment card number (13–19 digits, Luhn-valid, with a known issuer prefix).</summary>
    CreditCard,

    /// <summary>An International Bank Account Number (country length and mod-97 checked).</summary>
    Iban,

    /// <summary>An IPv4 or IPv6 address.</summary>
    IpAddress,

    /// <summary>A credential: API key, access token, JWT, private key block or a password assignment.</summary>
    Secret,
}
