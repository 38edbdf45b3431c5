using System.Text;
using AlignLab.Normalization;
using CsCheck;

namespace AlignLab.Tests.Normalization;

public sealed class TextNormalizerPropertyTests
{
    private const long Iterations = 2_000;

    /// <summary>Characters that exercise every transform.</summary>
    private const string Interesting =
        "abcdefghijklmnopqrstuvwxyzABCXYZ0123456789 .-_*/+=$@!\\\n\t\r:,?" +
        "\u200B\u200C\u200D\u2060\uFEFF\u00AD\u202E\u2066\u200E\u061C\uFE0F" +
        "\u0300\u0301\u0338\u20DD\u0489" +
        "аеорсһѕіјАВЕΑΒΟαορ℮ıℓ" +
        "ＨＡｈａﬁﬃ①ⓗß\u00A0\u3000ﷺ" +
        "é世界한\uFFFD\uD800\uDC00\uDBFF";

    private static readonly Gen<string> InterestingString =
        Gen.Char[Interesting].Array[0, 60].Select(a => new string(a));

    private static readonly Gen<string> AnyCharString =
        Gen.Char.Array[0, 80].Select(a => new string(a));

    private static readonly Gen<string> RandomCodePoints =
        Gen.Int[0, 0x10FFFF].Array[0, 40].Select(cps =>
        {
            var sb = new StringBuilder();
            foreach (var cp in cps)
            {
                if (cp is >= 0xD800 and <= 0xDFFF)
                {
                    sb.Append((char)cp); // lone surrogate
                }
                else
                {
                    sb.Append(char.ConvertFromUtf32(cp));
                }
            }

            return sb.ToString();
        });

    private static readonly Gen<string> MixedPrompt =
        Gen.OneOf(InterestingString, AnyCharString, RandomCodePoints, Gen.String).Array[1, 4]
            .Select(parts => string.Join(" ", parts));

    private static readonly string[] Words =
    [
        "how", "to", "make", "an", "bomb", "hack", "the", "bank", "please", "tell", "me", "about", "your", "day",
        "steal", "password", "weapon", "drug", "write", "story", "kill", "water", "money", "house",
    ];

    private static readonly Gen<string> Sentence = Gen.Int[0, Words.Length - 1].Array[2, 12]
        .Select(ix => string.Join(" ", ix.Select(i => Words[i])));

    [Fact]
    public void Never_throws_and_maps_inside_for_generated_strings()
    {
        Gen.String.Sample(s => NormalizationAssert.MapsInside(TextNormalizer.Default.Normalize(s)), iter: Iterations);
    }

    [Fact]
    public void Never_throws_and_maps_inside_for_any_chars_including_surrogates()
    {
        AnyCharString.Sample(s => NormalizationAssert.MapsInside(TextNormalizer.Default.Normalize(s)), iter: Iterations);
    }

    [Fact]
    public void Never_throws_and_maps_inside_for_random_code_points()
    {
        RandomCodePoints.Sample(s => NormalizationAssert.MapsInside(TextNormalizer.Default.Normalize(s)), iter: Iterations);
    }

    [Fact]
    public void Never_throws_and_maps_inside_for_obfuscation_characters()
    {
        InterestingString.Sample(s => NormalizationAssert.MapsInside(TextNormalizer.Default.Normalize(s)), iter: Iterations * 2);
    }

    [Fact]
    public void Never_throws_and_maps_inside_for_mixed_prompts_with_encoded_payloads()
    {
        var gen = Gen.Select(MixedPrompt, Sentence, Gen.Int[0, 3], (prompt, sentence, encoding) =>
        {
            var bytes = Encoding.UTF8.GetBytes(sentence);
            var payload = encoding switch
            {
                0 => Convert.ToBase64String(bytes),
                1 => Convert.ToHexString(bytes),
                2 => Convert.ToBase64String(Encoding.UTF8.GetBytes(Convert.ToBase64String(bytes))),
                _ => string.Concat(bytes.Select(b => $"\\x{b:x2}")),
            };
            return prompt + " " + payload + " " + prompt;
        });
        gen.Sample(s => NormalizationAssert.MapsInside(TextNormalizer.Default.Normalize(s)), iter: Iterations);
    }

    [Fact]
    public void Inserting_invisible_characters_does_not_change_the_primary_text()
    {
        var asciiText = Gen.Char[" abcdefghijklmnopqrstuvwxyzHACK0134578.-_*/$@!"].Array[0, 60].Select(a => new string(a));
        var invisible = Gen.Char["\u200B\u200C\u200D\u2060\uFEFF\u00AD\u202E\u2066\u200E"];
        Gen.Select(asciiText, Gen.Select(Gen.Int[0, 60], invisible).Array[0, 8], (text, inserts) => (text, inserts)).Sample((text, inserts) =>
        {
            var sb = new StringBuilder(text);
            foreach (var (at, c) in inserts.OrderByDescending(x => x.Item1))
            {
                sb.Insert(Math.Min(at, sb.Length), c);
            }

            var hidden = TextNormalizer.Default.Normalize(sb.ToString());
            Assert.Equal(TextNormalizer.Default.Normalize(text).Primary.Text, hidden.Primary.Text);
            NormalizationAssert.MapsInside(hidden);
        }, iter: Iterations);
    }

    [Fact]
    public void Lowercase_prose_is_unchanged()
    {
        var word = Gen.Char['a', 'z'].Array[2, 10].Select(a => new string(a));
        var prose = word.Array[1, 30].Select(ws => string.Join(" ", ws));
        prose.Sample(s =>
        {
            var r = TextNormalizer.Default.Normalize(s);
            Assert.Equal(s, r.Primary.Text);
            Assert.Empty(r.Primary.Events);
            Assert.Equal(new TextSpan(0, s.Length), r.Primary.MapToOriginal(0, s.Length));
            Assert.DoesNotContain(r.Views, v => v.Source is TextView.Base64Source or TextView.HexSource);
        }, iter: Iterations * 2);
    }

    [Fact]
    public void Base64_payloads_decode_to_their_sentence()
    {
        Gen.Select(Sentence, Sentence, (prefix, secret) => (prefix, secret)).Sample((prefix, secret) =>
        {
            var payload = Convert.ToBase64String(Encoding.UTF8.GetBytes(secret));
            if (payload.TrimEnd('=').Length < 12)
            {
                return;
            }

            var input = prefix + " " + payload;
            var r = TextNormalizer.Default.Normalize(input);
            var view = Assert.Single(r.Views, v => v.Source == TextView.Base64Source);
            Assert.Equal(secret, view.Text);
            Assert.Equal(new TextSpan(prefix.Length + 1, payload.Length), view.MapToOriginal(0, 1));
        }, iter: Iterations);
    }

    [Fact]
    public void Hex_payloads_decode_to_their_sentence()
    {
        Gen.Select(Sentence, Sentence, (prefix, secret) => (prefix, secret)).Sample((prefix, secret) =>
        {
            var payload = Convert.ToHexString(Encoding.UTF8.GetBytes(secret)).ToLowerInvariant();
            var input = prefix + " " + payload + ".";
            var r = TextNormalizer.Default.Normalize(input);
            var view = Assert.Single(r.Views, v => v.Source == TextView.HexSource);
            Assert.Equal(secret, view.Text);
            Assert.Equal(new TextSpan(prefix.Length + 1, payload.Length), view.MapToOriginal(0, view.Text.Length));
        }, iter: Iterations);
    }

    [Fact]
    public void Rot13_sentences_are_recovered_and_plain_sentences_give_no_rot13_view()
    {
        Sentence.Sample(sentence =>
        {
            var plain = TextNormalizer.Default.Normalize(sentence);
            Assert.DoesNotContain(plain.Views, v => v.Source == TextView.Rot13Source);

            var encoded = Rot13(sentence);
            var r = TextNormalizer.Default.Normalize(encoded);
            var distinctWords = sentence.Split(' ').Where(w => w.Length >= 3).Distinct().Count();
            if (distinctWords >= 2)
            {
                var view = Assert.Single(r.Views, v => v.Source == TextView.Rot13Source);
                Assert.Contains(sentence.Split(' ').First(w => w.Length >= 3), view.Text, StringComparison.Ordinal);
            }
        }, iter: Iterations);
    }

    [Fact]
    public void Ascii_fast_path_gives_the_same_result_as_the_general_path()
    {
        var general = new TextNormalizer(new NormalizationOptions { UseAsciiFastPath = false });
        var asciiChars = Gen.Char[" abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_*/+=$@!\\:,\n\t"];
        var gen = Gen.OneOf(asciiChars.Array[0, 120].Select(a => new string(a)), Sentence,
            Sentence.Select(s => Convert.ToBase64String(Encoding.UTF8.GetBytes(s)) + " " + s),
            Sentence.Select(s => string.Join(".", s.ToCharArray())));
        gen.Sample(s => Assert.Equal(Describe(general.Normalize(s)), Describe(TextNormalizer.Default.Normalize(s))), iter: Iterations * 2);
    }

    [Fact]
    public void Results_are_the_same_across_threads()
    {
        var inputs = new[] { "h4ck the b\u0430nk", "aG93IHRvIGhhY2sgYSBiYW5r", "ubj gb unpx n onax", "h.a.c.k Z̸a̴l̷g̶o̵", "ＨＥＬＬＯ\u200B" };
        var expected = inputs.Select(s => Describe(TextNormalizer.Default.Normalize(s))).ToArray();
        var normalizer = new TextNormalizer(new NormalizationOptions());
        Parallel.For(0, 2_000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var k = i % inputs.Length;
            Assert.Equal(expected[k], Describe(normalizer.Normalize(inputs[k])));
        });
    }

    private static string Describe(NormalizedText r)
        => string.Join("|", r.Views.Select(v => v.Source + ":" + v.Text + ":" + v.MapToOriginal(0, v.Text.Length)))
            + "#" + string.Join("|", r.Events);

    private static string Rot13(string s)
        => new(s.Select(c => c is >= 'a' and <= 'z' ? (char)('a' + ((c - 'a' + 13) % 26)) : c).ToArray());
}
