using System.Text.Json;
using AlignLab.Cai.Preferences;
using AlignLab.Server.Dashboard;
using AlignLab.Server.Preferences.Ratings;

namespace AlignLab.Server.Tests.Preferences.Ratings;

public sealed class RatingConsensusTests
{
    private static readonly RatingItem Item = new(7, 1, 0, "p1:0-1", 3, "Which is safer?", "first answer", "second answer");

    private static RatingRecord Rating(string rater, RatingChoice shown, bool swapped) =>
        new(Item.Id, rater, swapped, shown, shown switch { RatingChoice.First => 1, RatingChoice.Second => 7, _ => 4 }, null,
            DateTimeOffset.UnixEpoch);

    [Fact]
    public void A_majority_for_the_second_answer_makes_it_chosen_even_when_raters_saw_different_orders()
    {
        RatingRecord[] ratings = [Rating("x", RatingChoice.First, swapped: true), Rating("y", RatingChoice.Second, swapped: false), Rating("z",
            RatingChoice.Tie, false)];

        var (pair, outcome) = RatingConsensus.Decide(Item, ratings);

        Assert.Equal(RatingExportOutcome.Pair, outcome);
        Assert.Equal(("Which is safer?", "second answer", "first answer", "p1:0-1", "dashboard"), (pair!.Prompt, pair.Chosen, pair.Rejected,
            pair.Id, pair.Source));
    }

    [Theory]
    [InlineData("Disagreement", "First", "Second")]
    [InlineData("Tie", "Tie", "Tie")]
    [InlineData("Disagreement", "First", "Tie")]
    public void Items_without_a_majority_for_one_answer_give_no_pair_and_say_why(string expected, string x, string y)
    {
        var (pair, outcome) = RatingConsensus.Decide(Item, [Rating("x", Enum.Parse<RatingChoice>(x), false), Rating("y",
            Enum.Parse<RatingChoice>(y), false)]);

        Assert.Null(pair);
        Assert.Equal(Enum.Parse<RatingExportOutcome>(expected), outcome);
        Assert.Equal((null, RatingExportOutcome.Unrated), RatingConsensus.Decide(Item, []));
    }

    [Fact]
    public void An_exported_line_is_the_pairs_jsonl_shape_that_prefs_label_reads_back_with_chosen_first()
    {
        var (pair, _) = RatingConsensus.Decide(Item with { Second = "<b>second</b> \"quoted\" ✓" }, [Rating("x", RatingChoice.First, swapped: true)]);
        var line = JsonSerializer.Serialize(pair!, RatingJsonContext.Lines.PreferencePair);

        using var doc = JsonDocument.Parse(line);
        Assert.Equal(["prompt", "chosen", "rejected", "id", "source"], doc.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.DoesNotContain('\n', line);
        var read = Assert.Single(PreferenceInput.Read(new StringReader(line + "\n")));
        Assert.Null(read.Error);
        Assert.Equal(("p1:0-1", "<b>second</b> \"quoted\" ✓", "first answer", true), (read.Item!.Id, read.Item.AnswerA, read.Item.AnswerB,
            read.Item.HumanPrefersA));
    }
}
