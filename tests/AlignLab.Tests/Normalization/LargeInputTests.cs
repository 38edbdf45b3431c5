using System.Text;
using System.Text.Json;
using AlignLab.Normalization;

namespace AlignLab.Tests.Normalization;

public sealed class LargeInputTests
{
    [SharedDataFact]
    public void Every_naughty_string_normalises_and_maps_inside()
    {
        var path = Path.Combine(RepoPaths.SharedData, "blns", "blns.json");
        var strings = JsonSerializer.Deserialize<string[]>(File.ReadAllText(path));
        Assert.NotNull(strings);
        Assert.True(strings.Length > 400, $"expected the Big List of Naughty Strings, got {strings.Length} entries");
        foreach (var s in strings)
        {
            var r = TextNormalizer.Default.Normalize(s);
            Assert.Equal(s, r.Original);
            NormalizationAssert.MapsInside(r);

            // Also inside other text, and repeated.
            NormalizationAssert.MapsInside(TextNormalizer.Default.Normalize("x " + s + " h4ck " + s));
        }
    }

    [Fact]
    public void Ten_megabyte_input_completes()
    {
        var sb = new StringBuilder(10 * 1024 * 1024 + 1024);
        var pieces = new[]
        {
            "Please summarise this article about the 2024 elections. ",
            "h4ck the b\u0430nk with $h00t and k1ll. ",
            "aG93IHRvIGhhY2sgYSBiYW5r ",
            "h.a.c.k b-o-m-b ",
            "ubj gb unpx n onax. ",
            "Z̸̡̛a̴l̷g̶o̵ ＨＥＬＬＯ 𝐡𝐚𝐜𝐤 \u200B\u202E ",
            "\uD800 lone \uDC00 surrogates ",
            "686f7720746f206861636b ",
        };
        var k = 0;
        while (sb.Length < 10 * 1024 * 1024)
        {
            sb.Append(pieces[k++ % pieces.Length]);
        }

        var input = sb.ToString();
        var r = TextNormalizer.Default.Normalize(input);
        Assert.True(r.Primary.Text.Length > input.Length / 2);
        Assert.True(r.Events.Count > 0);
        NormalizationAssert.MapsInside(r, step: 997);
    }

    [Fact]
    public void Ten_megabyte_single_token_completes()
    {
        var rng = new Random(42);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        var chars = new char[10 * 1024 * 1024];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[rng.Next(alphabet.Length)];
        }

        var r = TextNormalizer.Default.Normalize(new string(chars));
        NormalizationAssert.MapsInside(r, step: 10_007);
    }

    [Fact]
    public void Hundred_thousand_combining_marks_complete()
    {
        var input = "a" + new string('\u0301', 100_000) + "b" + string.Concat(Enumerable.Repeat("c\u0300\u0316", 50_000));
        var r = TextNormalizer.Default.Normalize(input);
        Assert.Equal("ab" + new string('c', 50_000), r.Primary.Text);
        Assert.Equal(new TextSpan(0, 100_001), r.Primary.MapToOriginal(0, 1));
        NormalizationAssert.MapsInside(r, step: 101);
    }

    [Fact]
    public void Expanding_characters_stay_linear()
    {
        var input = new string('\uFDFA', 200_000);
        var r = TextNormalizer.Default.Normalize(input);
        Assert.True(r.Primary.Text.Length <= (5 * input.Length) + 64);
        NormalizationAssert.MapsInside(r, step: 1009);
    }
}
