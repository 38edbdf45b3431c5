using AlignLab.Runtime.Judges;

namespace AlignLab.Runtime.Tests.Judges;

public sealed class LlamaGuardOutputParserTests
{
    [Theory]
    [InlineData("safe")]
    [InlineData("  Safe \n")]
    [InlineData("SAFE.")]
    [InlineData("**safe**")]
    [InlineData("```\nsafe\n```")]
    [InlineData("<think>The user asks to kill a process: unsafe? no.</think>\nsafe")]
    [InlineData("Here is my assessment of the conversation.\n\nsafe\n\nThe message is harmless.")]
    [InlineData("Assessment: safe")]
    public void Reads_safe(string output)
    {
        var verdict = LlamaGuardOutputParser.Parse(output);

        Assert.False(verdict.Unsafe);
        Assert.Equal(0.0, verdict.UnsafeScore);
        Assert.Empty(verdict.Categories);
    }

    [Theory]
    [InlineData("unsafe\nS1,S10")]
    [InlineData("unsafe\nS1, S10")]
    [InlineData("UNSAFE\ns1,s10")]
    [InlineData("unsafe S1,S10")]
    [InlineData("unsafe: S1; S10")]
    [InlineData("unsafe\nS1\nS10")]
    [InlineData("unsafe\nS1: Violent Crimes\nS10: Hate")]
    [InlineData("```text\nunsafe\nS1,S10\n```")]
    [InlineData("<think>\nHmm, safe or unsafe. S3?\n</think>\n\nunsafe\nS1,S10\n\nThe request asks for violence.")]
    [InlineData("reasoning without an opening tag</think>unsafe\nS1,S10")]
    [InlineData("Sure. Final answer:\n- **unsafe**\n- S1,S10\n")]
    [InlineData("unsafe\nviolent_crimes, hate")]
    public void Reads_unsafe_with_codes(string output)
    {
        var verdict = LlamaGuardOutputParser.Parse(output);

        Assert.True(verdict.Unsafe);
        Assert.Equal(1.0, verdict.UnsafeScore);
        Assert.Equal<string>(["violent_crimes", "hate"], verdict.Categories);
        Assert.Empty(verdict.UnknownCategories);
    }

    [Fact]
    public void Maps_every_code_S1_to_S14_to_the_constitution_ids()
    {
        var codes = string.Join(",", Enumerable.Range(1, 14).Select(i => $"S{i}"));

        var verdict = LlamaGuardOutputParser.Parse("unsafe\n" + codes);

        Assert.Equal<string>(
            [
                "violent_crimes", "non_violent_crimes", "sex_related_crimes", "child_sexual_exploitation", "defamation",
                "specialized_advice", "privacy", "intellectual_property", "indiscriminate_weapons", "hate",
                "suicide_self_harm", "sexual_content", "elections", "code_interpreter_abuse",
            ],
            verdict.Categories);
    }

    [Fact]
    public void Unknown_codes_are_ignored_and_noted()
    {
        var verdict = LlamaGuardOutputParser.Parse("unsafe\nS2,S15,X7");

        Assert.Equal<string>(["non_violent_crimes"], verdict.Categories);
        Assert.Equal<string>(["S15", "X7"], verdict.UnknownCategories);
        Assert.Contains(verdict.Notes, n => n.Contains("S15", StringComparison.Ordinal));
    }

    [Fact]
    public void Unsafe_without_codes_is_still_unsafe_with_a_note()
    {
        var verdict = LlamaGuardOutputParser.Parse("unsafe");

        Assert.True(verdict.Unsafe);
        Assert.Empty(verdict.Categories);
        Assert.NotEmpty(verdict.Notes);
    }

    [Fact]
    public void Prose_after_the_codes_is_not_read_as_codes()
    {
        var verdict = LlamaGuardOutputParser.Parse("unsafe\nS1\nThis is about S2 crimes as well, I think.");

        Assert.Equal<string>(["violent_crimes"], verdict.Categories);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t ")]
    [InlineData(null)]
    [InlineData("I cannot help with that.")]
    [InlineData("The conversation is unsafety-related")]
    [InlineData("safety first")]
    [InlineData("<think>unsafe\nS1</think>")]
    [InlineData("<think>the answer is unsafe\nS1")]
    [InlineData("```\n```")]
    public void Garbage_or_empty_fails_instead_of_defaulting_to_safe(string? output)
    {
        var ex = Assert.Throws<JudgeParseException>(() => LlamaGuardOutputParser.Parse(output));
        Assert.Equal(output, ex.RawOutput);
    }
}
