using AlignLab.Adversarial;

namespace AlignLab.Tests.Adversarial;

public sealed class PromptTransformsCatalogTests
{
    [Fact]
    public void Obfuscations_are_unchanged()
    {
        Assert.Equal(["leetspeak", "homoglyph", "zero_width", "spacing", "base64"], PromptTransforms.Obfuscations.Select(t => t.Name));
    }

    [Fact]
    public void All_holds_every_transform_once_with_snake_case_names()
    {
        string[] expected =
        [
            "leetspeak", "homoglyph", "zero_width", "spacing", "base64", "case_noise", "hex", "rot13", "payload_splitting",
            "role_play", "hypothetical", "jailbreak_template", "refusal_suppression", "prompt_injection", "many_shot",
        ];
        Assert.Equal(expected, PromptTransforms.All.Select(t => t.Name));
        Assert.All(PromptTransforms.All, t => Assert.Matches(
            new System.Text.RegularExpressions.Regex("^[a-z][a-z0-9]*(_[a-z0-9]+)*$", System.Text.RegularExpressions.RegexOptions.NonBacktracking), t.Name));
        foreach (var group in PromptTransforms.Groups.Values)
        {
            Assert.All(group, t => Assert.Contains(t.Name, expected));
        }
    }

    [Fact]
    public void Find_searches_all_case_insensitively()
    {
        foreach (var t in PromptTransforms.All)
        {
            Assert.Same(t, PromptTransforms.Find(t.Name));
            Assert.Same(t, PromptTransforms.Find(t.Name.ToUpperInvariant()));
        }

        Assert.Null(PromptTransforms.Find("nope"));
    }

    [Fact]
    public void Parse_accepts_names_and_groups_in_order_without_duplicates()
    {
        Assert.Equal(PromptTransforms.All, PromptTransforms.Parse("all"));
        Assert.Equal(PromptTransforms.Obfuscations.Select(t => t.Name), PromptTransforms.Parse("obfuscations").Select(t => t.Name));
        Assert.Equal(PromptTransforms.Framings.Select(t => t.Name), PromptTransforms.Parse("Framings").Select(t => t.Name));
        Assert.Equal(["base64", "hex", "rot13", "payload_splitting"], PromptTransforms.Parse("encodings").Select(t => t.Name));
        Assert.Equal(["hex", "rot13"], PromptTransforms.Parse(" hex, ROT13 ,hex,, ").Select(t => t.Name));
        Assert.Equal(["many_shot", "leetspeak", "homoglyph", "zero_width", "spacing", "base64"],
            PromptTransforms.Parse("many_shot,obfuscations,base64").Select(t => t.Name));
        Assert.All(PromptTransforms.Parse("all,obfuscations,framings,encodings"), t => Assert.Contains(t, PromptTransforms.All));
    }

    [Fact]
    public void Parse_names_every_unknown_name_and_suggests_the_closest()
    {
        var e = Assert.Throws<FormatException>(() => PromptTransforms.Parse("hex,rot31,rolplay,zzzzzzzz"));
        Assert.Contains("unknown transform 'rot31' (did you mean 'rot13'?)", e.Message, StringComparison.Ordinal);
        Assert.Contains("unknown transform 'rolplay' (did you mean 'role_play'?)", e.Message, StringComparison.Ordinal);
        Assert.Contains("unknown transform 'zzzzzzzz'", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'hex'", e.Message, StringComparison.Ordinal);
        Assert.Contains("groups: all, obfuscations, encodings, framings", e.Message, StringComparison.Ordinal);

        var g = Assert.Throws<FormatException>(() => PromptTransforms.Parse("framing"));
        Assert.Contains("did you mean 'framings'?", g.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_rejects_an_empty_list()
    {
        Assert.Contains("no transforms given", Assert.Throws<FormatException>(() => PromptTransforms.Parse("")).Message, StringComparison.Ordinal);
        Assert.Contains("no transforms given", Assert.Throws<FormatException>(() => PromptTransforms.Parse(" , ")).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => PromptTransforms.Parse(null!));
    }

    [Fact]
    public void TryParse_reports_instead_of_throwing()
    {
        Assert.False(PromptTransforms.TryParse("hexx", out var none, out var error));
        Assert.Empty(none);
        Assert.Contains("did you mean 'hex'?", error, StringComparison.Ordinal);

        Assert.True(PromptTransforms.TryParse("hex", out var one, out var noError));
        Assert.Null(noError);
        Assert.Equal("hex", Assert.Single(one).Name);
    }
}
