using AlignLab.Providers.Llama.Generation;

namespace AlignLab.Providers.Llama.Tests.Generation;

public sealed class StopSequenceBufferTests
{
    private static (string Shown, bool Stopped) Run(string[] stops, params string[] pieces)
    {
        var buffer = new StopSequenceBuffer(stops);
        var shown = string.Concat(pieces.Select(buffer.Append));
        var stopped = buffer.Stopped;
        return (shown + buffer.Flush(), stopped);
    }

    [Fact]
    public void Without_stop_sequences_every_piece_is_shown_at_once()
    {
        var buffer = new StopSequenceBuffer([]);

        Assert.Equal("abc", buffer.Append("abc"));
    }

    [Fact]
    public void A_possible_start_of_a_stop_sequence_is_held_until_it_is_decided()
    {
        var buffer = new StopSequenceBuffer(["</answer>"]);

        Assert.Equal("yes ", buffer.Append("yes </"));
        Assert.Equal("", buffer.Append("ans"));
        Assert.Equal("</ans no", buffer.Append(" no"));
    }

    [Theory]
    [InlineData(new[] { "STOP" }, new[] { "go ST", "OP now" }, "go ", true)]
    [InlineData(new[] { "y", "xyz" }, new[] { "axyz" }, "a", true)] // the earliest match wins
    [InlineData(new[] { "\n\n" }, new[] { "line\n", "\nnext" }, "line", true)]
    [InlineData(new[] { "end" }, new[] { "en" }, "en", false)] // held back, then flushed at the end
    public void The_answer_is_cut_at_the_earliest_stop_sequence(string[] stops, string[] pieces, string expected, bool stopped)
    {
        var (shown, didStop) = Run(stops, pieces);

        Assert.Equal(expected, shown);
        Assert.Equal(stopped, didStop);
    }
}
