using AlignLab.Pii;

namespace AlignLab.Tests.Pii;

public sealed class PiiRedactorTests
{
    [Fact]
    public void Replaces_each_entity_with_its_placeholder()
    {
        var text = "Mail jane@example.com, call +44 20 7946 0958, card 4111 1111 1111 1111, IBAN DE89370400440532013000, "
            + "ip 203.0.113.42, key " + PiiSamples.Aws + ".";
        var result = PiiRedactor.Default.Redact(text);
        Assert.Equal("Mail [EMAIL], call [PHONE], card [CARD], IBAN [IBAN], ip [IP], key [SECRET].", result.Text);
        Assert.Equal(6, result.Entities.Count);
        Assert.True(result.Redacted);
    }

    [Fact]
    public void Placeholders_are_configurable_per_kind()
    {
        var options = new PiiRedactionOptions();
        options.Placeholders[PiiKind.Email] = "<email removed>";
        var result = new PiiRedactor(options).Redact("from jane@example.com at 203.0.113.42");
        Assert.Equal("from <email removed> at [IP]", result.Text);
    }

    [Theory]
    [InlineData("4111 1111 1111 1111", "[CARD ****1111]")]
    [InlineData("3714 496353 98431", "[CARD ****8431]")]
    [InlineData("5555555555554444", "[CARD ****4444]")]
    public void Cards_can_keep_their_last_four_digits(string card, string expected)
    {
        var result = new PiiRedactor(new PiiRedactionOptions { KeepCardLastFour = true }).Redact("pay with " + card + " now");
        Assert.Equal("pay with " + expected + " now", result.Text);
    }

    [Fact]
    public void Last_four_digits_are_appended_to_a_placeholder_without_brackets()
    {
        var options = new PiiRedactionOptions { KeepCardLastFour = true };
        options.Placeholders[PiiKind.CreditCard] = "CARD";
        Assert.Equal("CARD ****1111", new PiiRedactor(options).Redact("4111111111111111").Text);
    }

    [Fact]
    public void Secret_assignments_keep_their_key()
    {
        Assert.Equal("password=[SECRET] ok", PiiRedactor.Default.Redact("password=Xk9mQ2vL8pR4tZ7w ok").Text);
    }

    [Fact]
    public void A_custom_detector_limits_what_is_redacted()
    {
        var redactor = new PiiRedactor(detector: new PiiDetector(new PiiDetectorOptions { Kinds = [PiiKind.Secret] }));
        Assert.Equal("jane@example.com [SECRET]", redactor.Redact("jane@example.com " + PiiSamples.Jwt).Text);
    }
}
