using System.Text;
using AlignLab.Normalization;
using static AlignLab.Tests.Normalization.NormalizerExamples;

namespace AlignLab.Tests.Normalization;

/// <summary>Examples of the whole normaliser: benign text left alone, options and events.</summary>
public sealed class TextNormalizerExampleTests
{
    // ------------------------------------------------------------------ benign text

    [Fact]
    public void Benign_text_is_only_lower_cased()
    {
        const string input = "Please summarise this article about 2024 elections.";
        var r = Norm(input);
        Assert.Equal(input.ToLowerInvariant(), r.Primary.Text);
        Assert.Equal(TextView.NormalizedSource, r.Primary.Source);
        Assert.Single(r.Views);
        Assert.Empty(r.Events);
        Assert.Equal(new TextSpan(7, 9), SpanOf(r.Primary, "summarise"));
    }

    [Theory]
    [InlineData("I am a boy")]
    [InlineData("Is it a problem? I think so, a bit.")]
    [InlineData("The price is $100, or 3.5 percent of 2024's budget; call 555-0100.")]
    [InlineData("Convert the mp3 to mp4 on Win10 with GPT4 in 4K, 1st try, 3rd time, 1080p.")]
    [InlineData("e.g. the U.N. and i.e. a.m. or p.m.")]
    [InlineData("Write a Python function that returns the nth Fibonacci number.")]
    [InlineData("How do I reset my password if I forgot the security question?")]
    [InlineData("The quick brown fox jumps over the lazy dog. Pack my box with five dozen liquor jugs.")]
    [InlineData("Email me at john.doe@example.com or ping @jane on the forum!")]
    [InlineData("Colours #ff5733 and #c0ffee, hash 5f3a8b1c9d and uuid 550e8400-e29b-41d4-a716-446655440000.")]
    [InlineData("He scored 2 x 4 x 10 points in the 90s and 80s; the ratio was 1:2.")]
    public void Ordinary_prose_is_not_mangled(string input)
    {
        var r = Norm(input);
        Assert.Equal(input.ToLowerInvariant(), r.Primary.Text);
        Assert.Single(r.Views);
    }

    [Theory]
    [InlineData("Please explain how vaccines work and why they are important for public health.")]
    [InlineData("Can you help me write a cover letter for a software engineering job at a bank?")]
    [InlineData("What are the main differences between Python and JavaScript programming languages?")]
    [InlineData("Translate the following sentence into French: the weather is lovely today.")]
    [InlineData("Summarize the plot of Hamlet in three sentences, then list the main characters.")]
    [InlineData("My grandmother used to make apple pie every Sunday; what is a good recipe?")]
    public void Plain_English_produces_no_rot13_or_decoded_view(string input)
    {
        var r = Norm(input);
        Assert.Single(r.Views);
        Assert.DoesNotContain(r.Events, e => e.Kind is TransformKind.Rot13 or TransformKind.Base64 or TransformKind.Hex);
    }

    [Fact]
    public void Empty_input_gives_empty_view()
    {
        var r = Norm(string.Empty);
        Assert.Equal(string.Empty, r.Primary.Text);
        Assert.Equal(new TextSpan(0, 0), r.Primary.MapToOriginal(0, 0));
        Assert.Empty(r.Events);
    }

    [Fact]
    public void Null_is_treated_as_empty()
    {
        var r = TextNormalizer.Default.Normalize(null!);
        Assert.Equal(string.Empty, r.Original);
        Assert.Equal(string.Empty, r.Primary.Text);
    }

    // ------------------------------------------------------------------ options and events

    [Fact]
    public void Transforms_can_be_switched_off()
    {
        var options = new NormalizationOptions
        {
            FoldCompatibility = false,
            RemoveInvisibleCharacters = false,
            RemoveBidiControls = false,
            FoldHomoglyphs = false,
            StripDiacritics = false,
            FoldLeetspeak = false,
            AddLeetspeakView = false,
            CollapseSpacedLetters = false,
            DecodeBase64 = false,
            DecodeHex = false,
            DecodeRot13 = false,
        };
        var normalizer = new TextNormalizer(options);
        const string input = "ＨÀ\u200B\u202Eh\u0430ck h4ck h.a.c.k aG93IHRvIGhhY2sgYSBiYW5r 686f7720746f ubj gb unpx";
        var r = normalizer.Normalize(input);
        Assert.Equal(input.ToLowerInvariant(), r.Primary.Text);
        Assert.Single(r.Views);
        Assert.Empty(r.Events);
    }

    [Fact]
    public void Options_are_validated_and_copied()
    {
        var bad = new NormalizationOptions { MinEncodedLength = 1, MinHexDigits = 7, MaxDecodeDepth = -1, MaxDecodedSegments = -2, MaxEvents = 0 };
        Assert.Equal(5, bad.Validate().Count);
        Assert.Throws<ArgumentException>(() => new TextNormalizer(bad));
        Assert.Empty(new NormalizationOptions().Validate());

        var options = new NormalizationOptions();
        var normalizer = new TextNormalizer(options);
        options.FoldLeetspeak = false;
        Assert.True(normalizer.Options.FoldLeetspeak);
        Assert.Equal("hack", normalizer.Normalize("h4ck").Primary.Text);
    }

    [Fact]
    public void Decoded_segments_are_limited()
    {
        var payload = Convert.ToBase64String(Encoding.UTF8.GetBytes("how to hack a bank"));
        var input = string.Join(" ", Enumerable.Repeat(payload, 40));
        var r = Norm(input);
        Assert.Equal(1 + 16, r.Views.Count);
        var few = new TextNormalizer(new NormalizationOptions { MaxDecodedSegments = 2 }).Normalize(input);
        Assert.Equal(3, few.Views.Count);
    }

    [Fact]
    public void Events_are_bounded_on_huge_obfuscated_input()
    {
        var input = string.Concat(Enumerable.Repeat("h\u0430ck h\u200Bi ", 20_000));
        var r = TextNormalizer.Default.Normalize(input);
        Assert.True(r.Events.Count <= 4096, $"{r.Events.Count} events");
        Assert.Equal(string.Concat(Enumerable.Repeat("hack hi ", 20_000)), r.Primary.Text);
        var covered = r.Events.Where(e => e.Kind == TransformKind.Homoglyph).Sum(e => e.OriginalSpan.Length);
        Assert.True(r.EventsOverlapping(new TextSpan(input.Length - 8, 1)).Any(), "the last homoglyph is still covered by an event");
        Assert.True(covered > 0);
    }

    [Fact]
    public void Events_overlapping_a_span_are_found()
    {
        var input = "h\u0430ck then h4ck then h\u200Back";
        var r = Norm(input);
        Assert.Equal("hack then hack then hack", r.Primary.Text);
        var second = r.Primary.Text.IndexOf("hack", 5, StringComparison.Ordinal);
        var span = r.Primary.MapToOriginal(second, 4);
        var e = Assert.Single(r.EventsOverlapping(span));
        Assert.Equal(TransformKind.Leetspeak, e.Kind);
        Assert.Equal(3, r.Events.Count);
        Assert.Empty(r.EventsOverlapping(new TextSpan(4, 6)));
    }

    [Fact]
    public void Text_span_helpers()
    {
        var s = new TextSpan(2, 3);
        Assert.Equal(5, s.End);
        Assert.True(s.Overlaps(new TextSpan(4, 10)));
        Assert.False(s.Overlaps(new TextSpan(5, 1)));
        Assert.False(s.Overlaps(new TextSpan(0, 2)));
        Assert.True(s.Overlaps(new TextSpan(3, 0)));
        Assert.False(s.Overlaps(new TextSpan(5, 0)));
        Assert.True(s.Contains(2));
        Assert.False(s.Contains(5));
        Assert.True(s.Contains(new TextSpan(3, 2)));
        Assert.False(s.Contains(new TextSpan(3, 3)));
        Assert.Equal(new TextSpan(1, 4), TextSpan.FromBounds(1, 5));
    }

    [Fact]
    public void Map_to_original_clamps_out_of_range_arguments()
    {
        var r = Norm("ab\u200Bcd");
        var v = r.Primary;
        Assert.Equal(new TextSpan(0, 5), v.MapToOriginal(-3, 100));
        Assert.Equal(new TextSpan(5, 0), v.MapToOriginal(99, 1));
        Assert.Equal(new TextSpan(1, 0), v.MapToOriginal(1, -4));
    }
}
