using AlignLab.Runtime.Pipeline;
using AlignLab.Runtime.Tests.TestSupport;

namespace AlignLab.Runtime.Tests.Streaming;

public sealed class StreamingGuardTests
{
    private static AlignmentPipeline Pipeline(int interval = 4) =>
        new(new AlignmentOptions { Constitution = TestPolicies.Basic(checkInterval: interval), UseClassifier = false });

    [Theory]
    [InlineData(1_000)]
    [InlineData(10_000)]
    [InlineData(100_000)]
    public void Total_work_is_linear_in_the_response_length(int tokens)
    {
        var pipeline = Pipeline();
        var guard = pipeline.CreateStreamingGuard(pipeline.StartTrace());
        for (var i = 0; i < tokens; i++)
        {
            Assert.Null(guard.Append("word "));
            guard.Release(final: false);
        }

        Assert.Null(guard.Complete());
        var length = tokens * 5L;
        // Each check reads the new text plus at most the configured overlap: no re-scan of the whole response.
        Assert.InRange(guard.CharactersScanned, length, length + (guard.Checks * (long)pipeline.Options.StreamingOverlap));
        Assert.Equal(tokens / 4, guard.Checks);
    }

    [Fact]
    public void A_phrase_split_across_two_checks_is_still_seen()
    {
        var pipeline = new AlignmentPipeline(new AlignmentOptions
        {
            Constitution = TestPolicies.Load("""
                constitutional_ai:
                  stages: {streaming: {check_interval: 2}}
                  specific_rules:
                    - {id: phrase, trigger: "pipe bomb", action: block, message: "no"}
                """),
            UseClassifier = false,
        });
        var guard = pipeline.CreateStreamingGuard(pipeline.StartTrace());
        Assert.Null(guard.Append("a "));
        Assert.Null(guard.Append("pipe ")); // check 1 sees "a pipe "
        Assert.Null(guard.Append("bomb "));
        Assert.NotNull(guard.Append("now")); // check 2 sees "pipe bomb now" thanks to the overlap
    }

    [Fact]
    public void Unchecked_text_is_never_released()
    {
        var pipeline = Pipeline(interval: 3);
        var guard = pipeline.CreateStreamingGuard(pipeline.StartTrace());
        guard.Append("one ");
        guard.Append("two ");
        Assert.Equal("", guard.Release(final: false));
        guard.Append("three ");
        Assert.Equal("one two three ", guard.Release(final: false));
    }

    [Fact]
    public void Redaction_never_splits_an_entity_across_releases()
    {
        var pipeline = new AlignmentPipeline(new AlignmentOptions
        {
            Constitution = TestPolicies.Basic(checkInterval: 1),
            UseClassifier = false,
            Redactor = new EmailOnlyRedactor(),
            StreamingRedactionHoldback = 8,
        });
        var guard = pipeline.CreateStreamingGuard(pipeline.StartTrace());
        var released = "";
        foreach (var token in "mail me at someone.long@example.com today please".Split(' '))
        {
            guard.Append(token + " ");
            released += guard.Release(final: false);
        }

        guard.Complete();
        released += guard.Release(final: true);
        Assert.Equal("mail me at [EMAIL] today please ", released);
    }

    [Fact]
    public void The_first_check_runs_after_first_check_tokens_then_every_check_interval()
    {
        var pipeline = new AlignmentPipeline(new AlignmentOptions
        {
            Constitution = TestPolicies.Load("constitutional_ai:\n  stages: {streaming: {first_check: 2, check_interval: 5}}\n"),
            UseClassifier = false,
        });
        var guard = pipeline.CreateStreamingGuard(pipeline.StartTrace());
        var releasedAfter = new List<int>();
        string[] words = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];
        for (var i = 1; i <= 12; i++)
        {
            guard.Append(words[i - 1] + " ");
            if (guard.Release(final: false).Length > 0)
            {
                releasedAfter.Add(i);
            }
        }

        Assert.Equal([2, 7, 12], releasedAfter);
        Assert.Equal(3, guard.Checks);
    }

    [Fact]
    public void The_first_check_runs_at_the_first_sentence_end_and_again_early_after_a_restart()
    {
        var pipeline = Pipeline(interval: 16); // first_check defaults to 4 tokens
        var guard = pipeline.CreateStreamingGuard(pipeline.StartTrace());
        guard.Append("Yes");
        Assert.Equal("", guard.Release(final: false));
        guard.Append(".");
        Assert.Equal("Yes.", guard.Release(final: false));
        guard.Append(" More.");
        Assert.Equal("", guard.Release(final: false)); // later checks wait for check_interval tokens, sentence ends or not

        guard.Restart("\n\n");
        guard.Append("Again.");
        Assert.Equal("Again.", guard.Release(final: false));
    }
}
