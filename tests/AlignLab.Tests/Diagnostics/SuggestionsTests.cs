using AlignLab.Diagnostics;

namespace AlignLab.Tests.Diagnostics;

public sealed class SuggestionsTests
{
    [Theory]
    [InlineData("triger", "trigger")]
    [InlineData("acton", "action")]
    [InlineData("mesage", "message")]
    [InlineData("Trigger", "trigger")]
    public void Suggests_the_closest_key(string typo, string expected) =>
        Assert.Equal(expected, Suggestions.Closest(typo, ["trigger", "action", "message", "context"]));

    [Fact]
    public void Suggests_nothing_for_unrelated_input() =>
        Assert.Null(Suggestions.Closest("completely_unrelated", ["trigger", "action"]));

    [Fact]
    public void Transposition_counts_as_one_edit() => Assert.Equal(1, Suggestions.Distance("hacknig", "hacking"));
}
