using AlignLab.Runtime.Judges;

namespace AlignLab.Runtime.Tests.Judges;

public sealed class ShieldGemmaOutputParserTests
{
    [Theory]
    [InlineData("Yes", true, 1.0)]
    [InlineData("No", false, 0.0)]
    [InlineData("  yes.\nThe prompt asks for weapons.", true, 1.0)]
    [InlineData("NO, the question is harmless.", false, 0.0)]
    [InlineData("**Yes**", true, 1.0)]
    [InlineData("Answer: No", false, 0.0)]
    [InlineData("<think>Is it yes? no?</think>Yes", true, 1.0)]
    [InlineData("Let me check the policy.\nYes\nStep 1: the text describes violence.", true, 1.0)]
    [InlineData("Yes 0.92", true, 0.92)]
    [InlineData("Yes (0.92)", true, 0.92)]
    [InlineData("No, 8%", false, 0.08)]
    [InlineData("No\nProbability: 0.1", false, 0.1)]
    [InlineData("Yes\nThe probability of a violation is 0.75.", true, 0.75)]
    public void Reads_answer_and_optional_probability(string output, bool expectedUnsafe, double expectedScore)
    {
        var verdict = ShieldGemmaOutputParser.Parse(output);

        Assert.Equal(expectedUnsafe, verdict.Unsafe);
        Assert.Equal(expectedScore, verdict.UnsafeScore, 9);
    }

    [Fact]
    public void A_probability_that_contradicts_the_answer_is_read_as_confidence_and_noted()
    {
        var verdict = ShieldGemmaOutputParser.Parse("No 0.9");

        Assert.False(verdict.Unsafe);
        Assert.Equal(0.1, verdict.UnsafeScore, 9);
        Assert.NotEmpty(verdict.Notes);
    }

    [Fact]
    public void Reasoning_after_the_answer_becomes_the_rationale()
    {
        var verdict = ShieldGemmaOutputParser.Parse("Yes\nIt gives step-by-step instructions for a weapon.");

        Assert.Equal("It gives step-by-step instructions for a weapon.", verdict.Rationale);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("Nobody knows.")]
    [InlineData("Yesterday it was fine")]
    [InlineData("It does not violate the policy.")]
    [InlineData("Maybe")]
    public void Garbage_or_empty_fails(string? output)
    {
        Assert.Throws<JudgeParseException>(() => ShieldGemmaOutputParser.Parse(output));
    }
}
