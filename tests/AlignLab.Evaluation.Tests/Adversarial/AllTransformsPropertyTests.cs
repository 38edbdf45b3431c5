using System.Text;
using System.Text.Json;
using AlignLab.Adversarial;
using CsCheck;

namespace AlignLab.Tests.Adversarial;

/// <summary>Properties every built-in transform has (<see cref="PromptTransforms.All"/>).</summary>
public sealed class AllTransformsPropertyTests
{
    public static TheoryData<string> Names => [.. PromptTransforms.All.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void Changes_ordinary_prompts_and_is_deterministic(string name)
    {
        var t = PromptTransforms.Find(name)!;
        foreach (var prompt in AdversarialTestText.Prompts)
        {
            var random = PromptTransforms.RandomFor(42, t.Name, "case-1");
            var output = t.Apply(prompt, random);
            Assert.NotEqual(prompt, output);
            Assert.Equal(output, t.Apply(prompt, PromptTransforms.RandomFor(42, t.Name, "case-1")));
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Property_never_throws_and_bounds_the_output(string name)
    {
        var t = PromptTransforms.Find(name)!;
        Gen.Select(AdversarialTestText.AnyText, Gen.Int).Sample((text, seed) =>
        {
            var output = t.Apply(text, new Random(seed));
            Assert.NotNull(output);
            Assert.InRange(output.Length, 0, AdversarialTestText.MaxOutputLength(text.Length));
        }, iter: 400);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Property_valid_utf16_in_gives_valid_utf16_out(string name)
    {
        var t = PromptTransforms.Find(name)!;
        Gen.Select(AdversarialTestText.ValidText, Gen.Int).Sample((text, seed) =>
            Assert.True(AdversarialTestText.IsValidUtf16(t.Apply(text, new Random(seed))), $"{name} created a lone surrogate"), iter: 400);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Property_same_random_state_gives_the_same_output(string name)
    {
        var t = PromptTransforms.Find(name)!;
        Gen.Select(AdversarialTestText.AnyText, Gen.Int).Sample((text, seed) =>
            Assert.Equal(t.Apply(text, new Random(seed)), t.Apply(text, new Random(seed))), iter: 100);
    }

    [SharedDataFact]
    public void Empty_and_naughty_strings_are_accepted()
    {
        var strings = JsonSerializer.Deserialize<string[]>(File.ReadAllText(Path.Combine(RepoPaths.SharedData, "blns", "blns.json")))!;
        Assert.True(strings.Length > 400);
        foreach (var t in PromptTransforms.All)
        {
            Assert.NotNull(t.Apply("", new Random(0)));
            for (var i = 0; i < strings.Length; i++)
            {
                var output = t.Apply(strings[i], PromptTransforms.RandomFor(1, t.Name, i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                Assert.InRange(output.Length, 0, AdversarialTestText.MaxOutputLength(strings[i].Length));
                if (AdversarialTestText.IsValidUtf16(strings[i]))
                {
                    Assert.True(AdversarialTestText.IsValidUtf16(output), $"{t.Name} broke blns string {i}");
                }
            }
        }
    }

    [Fact]
    public void Lone_surrogates_are_accepted()
    {
        string[] broken = ["\uD800", "\uDC00", "a\uDC00\uD800b", "\uD83D", "x\uD83D\uDE00\uDE00"];
        foreach (var t in PromptTransforms.All)
        {
            foreach (var s in broken)
            {
                Assert.NotNull(t.Apply(s, new Random(3)));
            }
        }
    }

    [Fact]
    public void Ten_megabyte_prompts_are_accepted()
    {
        var sb = new StringBuilder(10 * 1024 * 1024);
        var words = new[] { "bread ", "crème ", "🍞 ", "\"quoted\" ", "line\n", "\uD800", "x" };
        var i = 0;
        while (sb.Length < 10 * 1024 * 1024)
        {
            sb.Append(words[i++ % words.Length]);
        }

        var big = sb.ToString();
        foreach (var t in PromptTransforms.All)
        {
            var length = t.Apply(big, new Random(1)).Length;
            Assert.InRange(length, 1, AdversarialTestText.MaxOutputLength(big.Length));
        }
    }
}
