using AlignLab.Normalization;
using static AlignLab.Tests.Normalization.NormalizerExamples;

namespace AlignLab.Tests.Normalization;

/// <summary>Examples of steps 5 and 6 of the normaliser: leetspeak and spaced-out letters.</summary>
public sealed class LeetAndSpacingExampleTests
{
    // ------------------------------------------------------------------ step 5: leetspeak

    [Theory]
    [InlineData("h4ck", "hack")]
    [InlineData("H4CK the b4nk", "hack the bank")]
    [InlineData("k1ll", "kill")]
    [InlineData("$h00t", "shoot")]
    [InlineData("p@ssw0rd", "password")]
    [InlineData("h4ck3r", "hacker")]
    [InlineData("w34p0n", "weapon")]
    [InlineData("b0mb", "bomb")]
    [InlineData("h3ll0", "hello")]
    [InlineData("c0c41n3", "cocaine")]
    [InlineData("3vil", "evil")]
    [InlineData("st3al", "steal")]
    [InlineData("k!ll", "kill")]
    [InlineData("he1p", "help")]
    [InlineData("8itch", "bitch")]
    [InlineData("t3rr0r1st", "terrorist")]
    public void Leetspeak_folds(string input, string expected)
    {
        var r = Norm(input);
        Assert.Equal(expected, r.Primary.Text);
        Assert.NotEmpty(r.Events);
        Assert.All(r.Events, e => Assert.Equal(TransformKind.Leetspeak, e.Kind));
        var first = input.Split(' ')[0];
        Assert.Equal(new TextSpan(0, first.Length), r.Events[0].OriginalSpan);
        Assert.Equal(new TextSpan(0, first.Length), r.Primary.MapToOriginal(0, first.Length));
    }

    [Theory]
    [InlineData("2024")]
    [InlineData("$100")]
    [InlineData("3.5")]
    [InlineData("mp3")]
    [InlineData("win10")]
    [InlineData("gpt4")]
    [InlineData("1st")]
    [InlineData("4k")]
    [InlineData("5g")]
    [InlineData("1s and 0s")]
    [InlineData("the 80s")]
    [InlineData("@user1")]
    [InlineData("wow!")]
    [InlineData("hello!world is fine, images!urls too")]
    [InlineData("run4fun")]
    [InlineData("user@example.com")]
    [InlineData("#c0ffee")]
    [InlineData("t.co/bzRDl3kF7U")]
    [InlineData("covid19 and b2b")]
    [InlineData("0x7f3a")]
    [InlineData("i18n, l10n, a11y and k8s")]
    [InlineData("log4j and w3c")]
    public void Leetspeak_leaves_numbers_and_identifiers(string input)
    {
        var r = Norm(input);
        Assert.Equal(input.ToLowerInvariant(), r.Primary.Text);
        Assert.DoesNotContain(r.Events, e => e.Kind == TransformKind.Leetspeak);
    }

    // ------------------------------------------------------------------ step 6: spaced letters

    [Theory]
    [InlineData("h.a.c.k", "hack")]
    [InlineData("h a c k", "hack")]
    [InlineData("b-o-m-b", "bomb")]
    [InlineData("k_i_l_l", "kill")]
    [InlineData("s*t*e*a*l", "steal")]
    [InlineData("d/r/u/g", "drug")]
    [InlineData("how to h a c k a bank", "how to hacka bank")]
    [InlineData("the U.S.A. today", "the usa. today")]
    [InlineData("h 4 c k", "hack")]
    public void Spaced_letters_collapse(string input, string expected)
    {
        var r = Norm(input);
        Assert.Equal(expected, r.Primary.Text);
        Assert.Contains(r.Events, e => e.Kind == TransformKind.SpacedLetters);
    }

    [Fact]
    public void Spaced_letters_map_to_the_whole_spaced_original()
    {
        var r = Norm("please h.a.c.k it");
        Assert.Equal("please hack it", r.Primary.Text);
        Assert.Equal(new TextSpan(7, 7), SpanOf(r.Primary, "hack"));
        Assert.Equal(new TextSpan(15, 2), SpanOf(r.Primary, "it"));
        var e = Assert.Single(r.Events);
        Assert.Equal(new TextSpan(7, 7), e.OriginalSpan);
        Assert.Equal("\"h.a.c.k\" -> \"hack\"", e.Detail);
    }

    [Theory]
    [InlineData("a b")]
    [InlineData("a.b")]
    [InlineData("1 2 3 4")]
    [InlineData("version 3.1.4")]
    [InlineData("5 x 5 x 5")]
    [InlineData("a-b c-d")]
    [InlineData("h.a c.k")]
    [InlineData("h  a  c  k")]
    public void Spaced_letters_need_three_letters_and_one_separator(string input)
    {
        var r = Norm(input);
        Assert.Equal(input, r.Primary.Text);
    }
}
