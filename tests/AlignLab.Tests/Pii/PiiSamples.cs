namespace AlignLab.Tests.Pii;

/// <summary>Fake credentials and numbers for the PII tests, assembled at run time so that no literal key sits in the source.</summary>
internal static class PiiSamples
{
    public const string JwtHeader = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"; // {"alg":"HS256","typ":"JWT"}
    public const string JwtPayload = "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ";
    public const string JwtSignature = "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

    public static string Jwt => JwtHeader + "." + JwtPayload + "." + JwtSignature;

    public static string Aws => "AKIA" + "IOSFODNN7EXAMPLE";

    public static string GitHub => "ghp" + "_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";

    public static string GitHubFineGrained => "github" + "_pat_" + "11ABCDEFG0123456789abc_" + "defghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

    public static string OpenAi => "sk" + "-" + "T3BlbkFJa1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7r8s9";

    public static string OpenAiProject => "sk" + "-proj-" + "Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56Qr78St90_Uv12-Wx34";

    public static string Anthropic => "sk" + "-ant-api03-" + "Xy9Zw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe9Dc8Ba7-Q1w2E3r4T5y6U7i8O9p0AsDfGhJkLzXcVbNm12";

    public static string Slack => "xox" + "b-" + "123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx";

    public static string Stripe => "sk" + "_live_" + "4eC39HqLyjWDarjtT1zdp7dc";

    public static string StripeRestricted => "rk" + "_live_" + "51H8d7kLmN0pQrStUvWxYz12";

    public static string Google => "AI" + "za" + "SyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY";

    public static string Pem =>
        "-----BEGIN " + "RSA PRIVATE KEY-----\n" +
        "MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n" +
        "KUpRKfFLfRYC9AIKjbJTWit+CqvjWYzvQwECAwEAAQJAIJLixBy2qpFoS4DSmoEm\n" +
        "-----END " + "RSA PRIVATE KEY-----";

    /// <summary>Real test card numbers of each network (Luhn-valid).</summary>
    public static TheoryData<string, string> Cards => new()
    {
        { "4111111111111111", "visa" },
        { "4111 1111 1111 1111", "visa" },
        { "4012-8888-8888-1881", "visa" },
        { "4222222222222", "visa" },
        { "5555555555554444", "mastercard" },
        { "5105 1051 0510 5100", "mastercard" },
        { "2223003122003222", "mastercard" },
        { "378282246310005", "amex" },
        { "3714 496353 98431", "amex" },
        { "6011111111111117", "discover" },
        { "6011 0009 9013 9424", "discover" },
        { "3530111333300000", "jcb" },
        { "3566 0020 2036 0505", "jcb" },
        { "30569309025904", "diners" },
        { "3852 000002 3237", "diners" },
        { "6200000000000005", "unionpay" },
        { "6759649826438453", "maestro" },
        { "5018000000000009", "maestro" },
    };
}
