using AlignLab.Evaluation.Capability;
using CsCheck;

namespace AlignLab.Tests.Evaluation.Capability;

public sealed class AnswerExtractorTests
{
    [Theory]
    [InlineData("She has 3 apples, buys 5 more, so 8 in total.", "8")]
    [InlineData("Step 1: 12 * 3 = 36. Step 2: 36 + 4 = 40.\n#### 40", "40")]
    [InlineData("The answer is 1,234 dollars, not 1,000.", "1234")]
    [InlineData("So the final answer is $18.00.", "18")]
    [InlineData("We get \\boxed{42}. Checking: 40 + 2 = 42, and 7 more would be 49.", "42")]
    [InlineData("\\boxed{\\frac{7}{2}} and that is all", "3.5")]
    [InlineData("\\boxed{-\\dfrac{1}{4}}", "-0.25")]
    [InlineData("The temperature fell to -7 degrees.", "-7")]
    [InlineData("It costs 0.5 each; 10 of them cost 5.", "5")]
    [InlineData("Answer: 72\nExplanation: 8 rows of 9 make 72, unlike 64.", "72")]
    [InlineData("I think it's about 3.14159", "3.14159")]
    [InlineData("GPT-4 says the total is 15", "15")]
    [InlineData("version v2 of the plan gives 30 apples", "30")]
    public void Extracts_the_final_number(string reply, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), AnswerExtractor.ExtractNumber(reply));

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("I can't help with that.")]
    [InlineData("no numbers here at all")]
    public void No_number_is_null(string? reply) => Assert.Null(AnswerExtractor.ExtractNumber(reply));

    [Fact]
    public void Matches_numbers_by_value() =>
        Assert.True(AnswerExtractor.MatchesNumber("The answer is 18.0", 18m));

    private static readonly string[] Options = ["Paris", "Lyon", "Marseille", "Nice"];

    [Theory]
    [InlineData("B", 1)]
    [InlineData("(C)", 2)]
    [InlineData("D) Nice", 3)]
    [InlineData("Answer: A", 0)]
    [InlineData("After thinking it over, the answer is (B).", 1)]
    [InlineData("It is definitely Marseille.", 2)]
    [InlineData("paris!", 0)]
    public void Extracts_the_chosen_option(string reply, int expected) => Assert.Equal(expected, AnswerExtractor.ExtractChoice(reply, Options));

    [Theory]
    [InlineData("Both Paris and Lyon are big cities.")]
    [InlineData("Bordeaux")]
    [InlineData("")]
    [InlineData("Because of history.")]
    public void Ambiguous_or_missing_choice_is_null(string reply) => Assert.Null(AnswerExtractor.ExtractChoice(reply, Options));

    [Fact]
    public void Never_throws_and_a_written_number_is_found_again() =>
        Gen.Select(Gen.String, Gen.Int[-1_000_000, 1_000_000]).Sample((noise, n) =>
        {
            _ = AnswerExtractor.ExtractNumber(noise);
            _ = AnswerExtractor.ExtractChoice(noise, Options);
            var clean = new string(noise.Where(c => !char.IsAsciiDigit(c) && c is not '-' and not '−' and not '#' and not '\\' and not ':' and not ',' and not '.').ToArray());
            return AnswerExtractor.ExtractNumber($"{clean} The answer is {n}.") == n;
        });
}
