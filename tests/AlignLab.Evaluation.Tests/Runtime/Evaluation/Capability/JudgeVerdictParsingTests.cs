using AlignLab.Runtime.Evaluation.Capability;
using CsCheck;

namespace AlignLab.Runtime.Tests.Evaluation.Capability;

public sealed class JudgeVerdictParsingTests
{
    [Theory]
    [InlineData("A", HelpfulnessJudge.Verdict.A)]
    [InlineData("b", HelpfulnessJudge.Verdict.B)]
    [InlineData("**TIE**", HelpfulnessJudge.Verdict.Tie)]
    [InlineData("Verdict: B. Answer B is more complete.", HelpfulnessJudge.Verdict.B)]
    [InlineData("[[A]]", HelpfulnessJudge.Verdict.A)]
    [InlineData("Both are fine", null)]
    [InlineData("", null)]
    public void Helpfulness_verdicts_are_read_from_the_first_words(string reply, HelpfulnessJudge.Verdict? expected) =>
        Assert.Equal(expected, HelpfulnessJudge.Parse(reply));

    [Theory]
    [InlineData("TRUE", true)]
    [InlineData("false.", false)]
    [InlineData("Judgement: True", true)]
    [InlineData("maybe", null)]
    public void Truthfulness_verdicts_are_read_from_the_first_words(string reply, bool? expected) =>
        Assert.Equal(expected, TruthfulnessJudge.Parse(reply));

    [Fact]
    public void Parsers_never_throw_and_a_reply_naming_one_answer_is_read_as_that_answer()
    {
        Gen.String.Sample(s =>
        {
            _ = HelpfulnessJudge.Parse(s);
            _ = TruthfulnessJudge.Parse(s);
        });
        Gen.Select(Gen.Int[0, 2].Select(i => new[] { "A", "B", "TIE" }[i]), Gen.String[Gen.Char.AlphaNumeric, 0, 20]).Sample((word, tail) =>
            Assert.Equal(word switch { "A" => HelpfulnessJudge.Verdict.A, "B" => HelpfulnessJudge.Verdict.B, _ => HelpfulnessJudge.Verdict.Tie }, HelpfulnessJudge.Parse(word + " " + tail.ToLowerInvariant())));
    }
}
