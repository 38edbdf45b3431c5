using AlignLab.Training.Serving;

namespace AlignLab.Training.Tests.Serving;

public sealed class StopSequenceMatcherTests
{
    [Fact]
    public void A_stop_sequence_split_across_pieces_is_never_shown_and_ends_the_text()
    {
        var matcher = new StopSequenceMatcher(["END"]);
        var shown = string.Concat(new[] { "hello E", "N", "xx E", "ND tail" }.Select(matcher.Append)) + matcher.Flush();
        Assert.Equal("hello ENxx ", shown);
        Assert.True(matcher.Stopped);
    }

    [Fact]
    public void Text_held_back_as_a_possible_stop_is_released_when_generation_ends()
    {
        var matcher = new StopSequenceMatcher(["END"]);
        Assert.Equal("abc ", matcher.Append("abc EN"));
        Assert.Equal("EN", matcher.Flush());
        Assert.False(matcher.Stopped);
    }
}
