using AlignLab.Pii;

namespace AlignLab.Tests.Pii;

public sealed class PiiDetectorExampleTests
{
    private static PiiEntity Single(string text, PiiKind kind)
    {
        var entities = PiiDetector.Default.Detect(text);
        var e = Assert.Single(entities);
        Assert.Equal(kind, e.Kind);
        return e;
    }

    private static void AssertFinds(string before, string entity, string after, PiiKind kind, string? subtype)
    {
        var text = before + entity + after;
        var e = Single(text, kind);
        Assert.Equal(entity, e.TextIn(text));
        Assert.Equal(subtype, e.Subtype);
        Assert.InRange(e.Confidence, 0.5, 1.0);
    }

    [Theory]
    [InlineData("jane.doe@example.com")]
    [InlineData("jane.doe+news@example.co.uk")]
    [InlineData("a_b-c%d@sub.mail.example.org")]
    [InlineData("JOHN.SMITH@EXAMPLE.COM")]
    public void Finds_emails(string email)
    {
        AssertFinds("Please write to ", email, ", thanks.", PiiKind.Email, null);
        AssertFinds("<", email, ">", PiiKind.Email, null);
        AssertFinds("mailto:", email, "", PiiKind.Email, null);
    }

    [Theory]
    [InlineData("+44 20 7946 0958", "international")]
    [InlineData("+1 (555) 234-5678", "international")]
    [InlineData("+1-212-555-0147", "international")]
    [InlineData("+49 30 12345678", "international")]
    [InlineData("+33 6 12 34 56 78", "international")]
    [InlineData("+44 (0)20 7946 0958", "international")]
    [InlineData("+4915112345678", "international")]
    [InlineData("0044 20 7946 0958", "international")]
    [InlineData("(555) 234-5678", "north_american")]
    [InlineData("212-555-0147", "north_american")]
    [InlineData("1-800-555-0199", "north_american")]
    [InlineData("415.555.2671", "north_american")]
    [InlineData("415 555 2671", "north_american")]
    [InlineData("020 7946 0958", "national")]
    [InlineData("06 12 34 56 78", "national")]
    [InlineData("(030) 12345678", "national")]
    [InlineData("089/1234567", "national")]
    [InlineData("0171-1234567", "national")]
    public void Finds_phone_numbers(string phone, string subtype)
    {
        AssertFinds("Call me on ", phone, " tomorrow.", PiiKind.Phone, subtype);
        AssertFinds("Tel: ", phone, ".", PiiKind.Phone, subtype);
    }

    [Fact]
    public void A_phone_number_followed_by_an_unrelated_number_is_still_found()
    {
        AssertFinds("call ", "212-555-0147", " 2 times", PiiKind.Phone, "north_american");
    }

    [Theory]
    [MemberData(nameof(PiiSamples.Cards), MemberType = typeof(PiiSamples))]
    public void Finds_cards_of_every_network(string card, string brand)
    {
        AssertFinds("My card is ", card, " exp 12/27.", PiiKind.CreditCard, brand);
        AssertFinds("", card, "", PiiKind.CreditCard, brand);
    }

    [Fact]
    public void A_card_followed_by_its_cvv_is_found()
    {
        AssertFinds("card ", "4111 1111 1111 1111", " 123", PiiKind.CreditCard, "visa");
    }

    [Theory]
    [InlineData("GB82WEST12345698765432", "GB")]
    [InlineData("GB82 WEST 1234 5698 7654 32", "GB")]
    [InlineData("DE89 3704 0044 0532 0130 00", "DE")]
    [InlineData("DE89370400440532013000", "DE")]
    [InlineData("FR14 2004 1010 0505 0001 3M02 606", "FR")]
    [InlineData("NL91ABNA0417164300", "NL")]
    [InlineData("BE68 5390 0754 7034", "BE")]
    [InlineData("CH93 0076 2011 6238 5295 7", "CH")]
    [InlineData("NO93 8601 1117 947", "NO")]
    [InlineData("ES91 2100 0418 4502 0005 1332", "ES")]
    [InlineData("IT60 X054 2811 1010 0000 0123 456", "IT")]
    [InlineData("PL61 1090 1014 0000 0712 1981 2874", "PL")]
    public void Finds_ibans(string iban, string country)
    {
        AssertFinds("Please pay to IBAN ", iban, " by Friday.", PiiKind.Iban, country);
    }

    [Theory]
    [InlineData("GB82WEST12345698765433")] // check digits wrong
    [InlineData("DE89370400440532013001")]
    [InlineData("DE8937040044053201300")] // one short
    [InlineData("XX89370400440532013000")] // no such country
    public void Rejects_invalid_ibans(string iban)
    {
        Assert.DoesNotContain(PiiDetector.Default.Detect("IBAN " + iban + " ok"), e => e.Kind == PiiKind.Iban);
    }

    [Theory]
    [InlineData("203.0.113.42", "ipv4")]
    [InlineData("8.8.8.8", "ipv4")]
    [InlineData("192.168.1.10", "ipv4")]
    [InlineData("10.0.0.0/8", "ipv4")]
    [InlineData("2001:db8:85a3::8a2e:370:7334", "ipv6")]
    [InlineData("2001:0db8:85a3:0000:0000:8a2e:0370:7334", "ipv6")]
    [InlineData("fe80::1ff:fe23:4567:890a", "ipv6")]
    [InlineData("::ffff:192.0.2.128", "ipv6")]
    [InlineData("2001:DB8::1", "ipv6")]
    public void Finds_ip_addresses(string ip, string subtype)
    {
        AssertFinds("The client connected from ", ip, ".", PiiKind.IpAddress, subtype);
        AssertFinds("host=", ip, " port=443", PiiKind.IpAddress, subtype);
    }

    [Theory]
    [InlineData("1.2.3.4.5")]
    [InlineData("256.1.1.1")]
    [InlineData("version 1.2.3.4")]
    [InlineData("release 2.4.1.0")]
    [InlineData("v1.2.3.4")]
    [InlineData("1.2.3.4-beta")]
    [InlineData("127.0.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("255.255.255.0")]
    [InlineData("01.02.03.04")]
    [InlineData("12:30:45")]
    [InlineData("std::vector")]
    [InlineData("00:1A:2B:3C:4D:5E")]
    public void Rejects_non_addresses(string text)
    {
        Assert.Empty(PiiDetector.Default.Detect("see " + text + " here"));
    }

    public static TheoryData<string, string> Secrets => new()
    {
        { PiiSamples.Aws, "aws_access_key_id" },
        { "ASIA" + "Y34FZKBOKMUTVV7A", "aws_access_key_id" },
        { PiiSamples.GitHub, "github_token" },
        { "gho_" + "16C7e42F292c6912E7710c838347Ae178B4a", "github_token" },
        { PiiSamples.GitHubFineGrained, "github_token" },
        { PiiSamples.OpenAi, "openai_api_key" },
        { PiiSamples.OpenAiProject, "openai_api_key" },
        { PiiSamples.Anthropic, "anthropic_api_key" },
        { PiiSamples.Slack, "slack_token" },
        { PiiSamples.Stripe, "stripe_key" },
        { PiiSamples.StripeRestricted, "stripe_key" },
        { PiiSamples.Google, "google_api_key" },
        { PiiSamples.Jwt, "jwt" },
        { PiiSamples.Pem, "private_key" },
    };

    [Theory]
    [MemberData(nameof(Secrets))]
    public void Finds_every_kind_of_secret(string secret, string subtype)
    {
        AssertFinds("Here is the key: ", secret, " (do not share)", PiiKind.Secret, subtype);
        AssertFinds("\"", secret, "\"", PiiKind.Secret, subtype);
    }

    [Fact]
    public void A_pem_block_without_its_end_line_is_still_found()
    {
        var truncated = PiiSamples.Pem[..PiiSamples.Pem.IndexOf("-----END", StringComparison.Ordinal)].TrimEnd();
        AssertFinds("key:\n", truncated, "", PiiKind.Secret, "private_key");
    }

    [Fact]
    public void A_certificate_is_not_a_private_key()
    {
        Assert.Empty(PiiDetector.Default.Detect("-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUXyZ\n-----END CERTIFICATE-----"));
    }

    [Fact]
    public void A_jwt_lookalike_whose_header_has_no_alg_is_not_a_secret()
    {
        // {"typ":"JWT"} has no alg
        Assert.Empty(PiiDetector.Default.Detect("token eyJ0eXAiOiJKV1QifQ." + PiiSamples.JwtPayload + "." + PiiSamples.JwtSignature));
    }

    [Theory]
    [InlineData("password=Xk9mQ2vL8pR4tZ7w", "Xk9mQ2vL8pR4tZ7w")]
    [InlineData("DB_PASSWORD: \"h7Gk2pLq9Zx4Wm1T\"", "h7Gk2pLq9Zx4Wm1T")]
    [InlineData("api_key = 'a8F3kL9mQ2xV7pR4tZ6wB1nC'", "a8F3kL9mQ2xV7pR4tZ6wB1nC")]
    [InlineData("{\"client_secret\": \"9fK2mX7pQ4vL1zR8\"}", "9fK2mX7pQ4vL1zR8")]
    [InlineData("export AUTH_TOKEN=Zq8Xw3Rt6Yp1Lk4Mn7Bv", "Zq8Xw3Rt6Yp1Lk4Mn7Bv")]
    [InlineData("secret=a9B8c7D6e5F4g3H2i1J0", "a9B8c7D6e5F4g3H2i1J0")]
    public void Finds_high_entropy_secret_assignments_and_reports_only_the_value(string text, string value)
    {
        var e = Single(text, PiiKind.Secret);
        Assert.Equal(value, e.TextIn(text));
        Assert.Equal("assignment", e.Subtype);
    }

    [Theory]
    [InlineData("password=correcthorsebatterystaple")] // no digit
    [InlineData("password=aaaaaaaaaaaaaaaa1111")] // low entropy
    [InlineData("password=Xk9mQ2vL")] // short
    [InlineData("apiKey: process.env.OPENAI_API_KEY2,")] // a reference
    [InlineData("api_key = os.environ['OPENAI_API_KEY']")]
    [InlineData("password: ${DB_PASSWORD_2024_PROD}")]
    [InlineData("if password == 'Xk9mQ2vL8pR4tZ7w':")] // a comparison
    [InlineData("max_tokens: 4096")]
    [InlineData("token: string")]
    [InlineData("password_hint=Xk9mQ2vL8pR4tZ7w")] // key does not end with a keyword
    public void Ignores_weak_or_referenced_assignments(string text)
    {
        Assert.Empty(PiiDetector.Default.Detect(text));
    }

    [Fact]
    public void Finds_several_kinds_in_one_text_in_order()
    {
        var text = "Contact jane@example.com or +44 20 7946 0958; card 4111 1111 1111 1111, IBAN DE89370400440532013000, "
            + "server 203.0.113.42, key " + PiiSamples.Aws + ".";
        var kinds = PiiDetector.Default.Detect(text).Select(e => e.Kind).ToArray();
        Assert.Equal([PiiKind.Email, PiiKind.Phone, PiiKind.CreditCard, PiiKind.Iban, PiiKind.IpAddress, PiiKind.Secret], kinds);
    }

    [Fact]
    public void Overlapping_candidates_keep_the_most_confident_longest_one()
    {
        // the embedded IPv4 of an IPv4-mapped IPv6 address is one entity, the IPv6 one
        var e = Single("addr ::ffff:203.0.113.42 seen", PiiKind.IpAddress);
        Assert.Equal("ipv6", e.Subtype);

        // a secret assignment whose value is a known token reports the token (higher confidence), once
        var text = "api_key=" + PiiSamples.GitHub;
        var s = Single(text, PiiKind.Secret);
        Assert.Equal("github_token", s.Subtype);
        Assert.Equal(PiiSamples.GitHub, s.TextIn(text));
    }

    [Fact]
    public void Options_select_kinds_and_confidence()
    {
        var text = "jane@example.com 203.0.113.42 020 7946 0958";
        var onlyEmail = new PiiDetector(new PiiDetectorOptions { Kinds = [PiiKind.Email] });
        Assert.Equal([PiiKind.Email], onlyEmail.Detect(text).Select(e => e.Kind));

        var confident = new PiiDetector(new PiiDetectorOptions { MinimumConfidence = 0.8 });
        Assert.DoesNotContain(confident.Detect(text), e => e.Kind == PiiKind.Phone); // national format: 0.65
        Assert.Equal(3, PiiDetector.Default.Detect(text).Count);
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new PiiDetector(new PiiDetectorOptions { SecretMinLength = 0 }));
        Assert.Throws<ArgumentException>(() => new PiiDetector(new PiiDetectorOptions { SecretEntropyThreshold = double.NaN }));
        Assert.Throws<ArgumentException>(() => new PiiDetector(new PiiDetectorOptions { MinimumConfidence = 1.5 }));
        Assert.Throws<ArgumentException>(() => new PiiDetector(new PiiDetectorOptions { Kinds = [(PiiKind)42] }));
    }

    [Fact]
    public void Span_and_string_overloads_agree_and_span_offsets_are_relative()
    {
        var text = "xx jane@example.com yy";
        var fromString = PiiDetector.Default.Detect(text);
        var fromSpan = PiiDetector.Default.Detect(text.AsSpan(3));
        Assert.Equal(3, Assert.Single(fromString).Start);
        Assert.Equal(0, Assert.Single(fromSpan).Start);
    }
}
