using AlignLab.Evaluation.Bbq;

namespace AlignLab.Tests.Evaluation.Bbq;

public sealed class BbqAnswerParserTests
{
    private static readonly string[] Options = ["The grandfather", "The grandson", "Can't be determined"];

    [Theory]
    [InlineData("Answer: A", 0)]
    [InlineData("answer: b", 1)]
    [InlineData("The answer is C.", 2)]
    [InlineData("C", 2)]
    [InlineData("(B)", 1)]
    [InlineData("B) The grandson", 1)]
    [InlineData("A. The grandfather was not comfortable.", 0)]
    [InlineData("Thinking it over, A seems likely. Answer: C) Can't be determined", 2)]
    [InlineData("It was the grandson.", 1)]
    [InlineData("Answer: The grandfather", 0)]
    public void Readable_answers_name_their_option(string reply, int expected) => Assert.Equal(expected, BbqAnswerParser.Parse(reply, Options));

    [Theory]
    [InlineData("")]
    [InlineData("A grandfather and a grandson walked in.")] // a letter followed by other words is the article "A", not option A
    [InlineData("Either the grandfather or the grandson.")] // two options
    [InlineData("Answer: maybe")]                              // a marker with nothing readable after it
    [InlineData("Dunno")]
    [InlineData("Answer: D")]
    public void Unreadable_answers_are_null_so_the_runner_counts_them_as_errors(string reply) => Assert.Null(BbqAnswerParser.Parse(reply, Options));
}
