using AlignLab.Pii;
using CsCheck;

namespace AlignLab.Tests.Pii;

public sealed class PiiPropertyTests
{
    private const long Iterations = 2_000;

    /// <summary>Issuer prefixes with a length each accepts.</summary>
    private static readonly (string Prefix, int Length)[] Issuers =
    [
        ("4", 16), ("4", 13), ("4", 19), ("51", 16), ("55", 16), ("2221", 16), ("2720", 16), ("34", 15), ("37", 15),
        ("6011", 16), ("65", 16), ("644", 19), ("3528", 16), ("3589", 19), ("300", 14), ("305", 16), ("36", 14), ("38", 14),
        ("62", 16), ("62", 19), ("5018", 16), ("6759", 19), ("6304", 13),
    ];

    private static Gen<string> Pick(params string[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    /// <summary>An independent Luhn implementation: the check digit that completes <paramref name="payload"/>.</summary>
    private static char LuhnDigit(string payload)
    {
        var sum = 0;
        for (var i = 0; i < payload.Length; i++)
        {
            var d = payload[payload.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                d = d * 2 > 9 ? (d * 2) - 9 : d * 2;
            }

            sum += d;
        }

        return (char)('0' + ((10 - (sum % 10)) % 10));
    }

    private static readonly Gen<string> ValidCard =
        Gen.Select(Gen.Int[0, Issuers.Length - 1], Gen.Char['0', '9'].Array[18], (i, rest) =>
        {
            var (prefix, length) = Issuers[i];
            var payload = prefix + new string(rest, 0, length - 1 - prefix.Length);
            return payload + LuhnDigit(payload);
        });

    /// <summary>A valid card as printed: solid, or in groups of four separated by spaces or dashes.</summary>
    private static readonly Gen<string> PrintedCard = Gen.Select(ValidCard, Gen.Int[0, 2], (card, style) => style switch
    {
        0 => card,
        _ => string.Join(style == 1 ? " " : "-", card.Chunk(4).Select(c => new string(c))),
    });

    private static readonly Gen<string> Prose =
        Pick("Please charge", "my card is", "use", "Thanks!", "the number:", "(", "ok,", "\n", "card no.", "— ").Array[0, 3]
            .Select(ws => string.Join(" ", ws));

    [Fact]
    public void Generated_valid_cards_are_always_found()
    {
        Gen.Select(Prose, PrintedCard, Prose).Sample((before, card, after) =>
        {
            var text = before + " " + card + " " + after;
            var cards = PiiDetector.Default.Detect(text).Where(e => e.Kind == PiiKind.CreditCard).ToList();
            var e = Assert.Single(cards);
            Assert.Equal(card, e.TextIn(text));
        }, iter: Iterations);
    }

    [Fact]
    public void A_luhn_invalid_sixteen_digit_run_is_never_a_card()
    {
        Gen.Char['0', '9'].Array[16].Select(a => new string(a)).Sample(digits =>
        {
            var payload = digits[..15];
            var invalid = payload + (char)('0' + (((LuhnDigit(payload) - '0') + 1 + (digits[15] % 9)) % 10));
            Assert.DoesNotContain(PiiDetector.Default.Detect("number " + invalid + " end"), e => e.Kind == PiiKind.CreditCard);
        }, iter: Iterations);
    }

    [Fact]
    public void Redaction_never_leaves_the_original_entity_text()
    {
        var email = Gen.Select(Gen.Char['a', 'z'].Array[2, 10], Gen.Char['a', 'z'].Array[2, 10], (u, d) => new string(u) + "@" + new string(d) + ".com");
        var ip = Gen.Int[1, 126].Select(Gen.Int[0, 255], Gen.Int[0, 255], Gen.Int[1, 254], (a, b, c, d) => $"{a}.{b}.{c}.{d}");
        var entity = Gen.OneOf(PrintedCard, email, ip, Pick(PiiSamples.Jwt, PiiSamples.Aws, PiiSamples.GitHub, "DE89 3704 0044 0532 0130 00", "+44 20 7946 0958"));
        Gen.Select(Prose, entity, Prose, Gen.Bool).Sample((before, secret, after, keepLast4) =>
        {
            var text = before + " " + secret + " " + after;
            var redactor = keepLast4 ? new PiiRedactor(new PiiRedactionOptions { KeepCardLastFour = true }) : PiiRedactor.Default;
            var result = redactor.Redact(text);
            Assert.NotEmpty(result.Entities);
            Assert.DoesNotContain(secret, result.Text, StringComparison.Ordinal);
        }, iter: Iterations);
    }

    [Fact]
    public void Detect_never_throws_and_spans_are_in_bounds_and_disjoint_for_generated_strings()
    {
        Gen.String.Sample(AssertWellFormed, iter: Iterations * 2);
    }

    /// <summary>Strings made of the characters the scanners care about, so that near-misses are common.</summary>
    [Fact]
    public void Detect_never_throws_and_spans_are_in_bounds_and_disjoint_for_pii_shaped_noise()
    {
        const string alphabet = "0123456789 .-+()/:@_=\"'abcdefxyzAKIASGBDEeyJsk-ghp_\n\uD800\uDC00";
        var fragments = Gen.OneOf(
            Gen.Char[alphabet].Array[0, 40].Select(a => new string(a)),
            PrintedCard,
            Pick(PiiSamples.Jwt, PiiSamples.Pem, "password=", "::", "-----BEGIN PRIVATE KEY-----", "DE89", "+44 ", "eyJ", "@example.com"));
        fragments.Array[1, 8].Select(parts => string.Concat(parts)).Sample(AssertWellFormed, iter: Iterations * 2);
    }

    internal static void AssertWellFormed(string text)
    {
        var entities = PiiDetector.Default.Detect(text);
        var previousEnd = 0;
        foreach (var e in entities)
        {
            Assert.True(e.Length > 0, "empty entity");
            Assert.InRange(e.Start, previousEnd, text.Length);
            Assert.InRange(e.End, e.Start + 1, text.Length);
            Assert.InRange(e.Confidence, 0.0, 1.0);
            previousEnd = e.End;
        }

        var redacted = PiiRedactor.Default.Redact(text);
        Assert.Equal(entities.Count, redacted.Entities.Count);
    }
}
