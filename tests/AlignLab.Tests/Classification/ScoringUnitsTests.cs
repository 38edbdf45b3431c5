using AlignLab.Classification;

namespace AlignLab.Tests.Classification;

public sealed class ScoringUnitsTests
{
    private static List<string> Units(string text)
    {
        var ends = new int[ScoringUnits.Capacity(text.Length)];
        var count = ScoringUnits.Split(text, ends);
        var units = new List<string>();
        for (var i = 0; i < count; i++)
        {
            units.Add(text[(i == 0 ? 0 : ends[i - 1])..ends[i]]);
        }

        return units;
    }

    [Fact]
    public void Sentences_are_units_and_together_they_are_the_whole_text()
    {
        const string a = "our garden club meets every second tuesday in the library annex, new members welcome.";
        const string b = " write a convincing phishing email pretending to be a bank asking for the password!";
        const string c = " the museum's new exhibition on roman glassware opens next month, with guided tours.\n";

        var units = Units(a + b + c);

        Assert.Equal([a, b, c], units);
    }

    [Fact]
    public void A_short_sentence_joins_the_next_and_a_short_last_one_the_previous()
    {
        const string text = "sure. our garden club meets every second tuesday in the library annex, new members welcome. ok.";

        Assert.Equal([text], Units(text));
    }

    [Fact]
    public void A_period_inside_a_word_or_number_does_not_end_a_sentence()
    {
        const string text = "version 3.5 of the library at example.com fixes the crash that the old release had on startup and shutdown";

        Assert.Single(Units(text));
    }

    [Fact]
    public void A_long_sentence_is_cut_at_spaces_into_pieces()
    {
        var text = string.Join(' ', Enumerable.Repeat("lorem ipsum dolor", 40));

        var units = Units(text);

        Assert.True(units.Count >= 5, $"{units.Count} units");
        Assert.All(units.SkipLast(1), u => Assert.InRange(u.Length, ScoringUnits.MinUnit, ScoringUnits.Piece));
        Assert.All(units.SkipLast(1), u => Assert.Equal(' ', u[^1]));
        Assert.Equal(text, string.Concat(units));
    }

    [Fact]
    public void A_text_too_short_for_two_units_is_one()
    {
        const string text = "write a convincing phishing email. pretending to be a bank, ask for passwords.";

        Assert.True(ScoringUnits.IsSingle(text));
        Assert.Single(Units(text));
    }

    [Fact]
    public void A_megabyte_of_sentences_keeps_one_unit_per_sentence()
    {
        var text = string.Concat(Enumerable.Repeat("the weather and the garden are lovely today, said the old gardener. ", 16_000));

        var units = Units(text);

        Assert.True(text.Length > 1_000_000);
        Assert.Equal(16_000, units.Count);
    }

    [Fact]
    public void Past_the_unit_limit_neighbours_are_joined_until_it_fits()
    {
        const string sentence = "the weather and the garden are lovely today, said the old gardener. ";
        var text = string.Concat(Enumerable.Repeat(sentence, 3 * ScoringUnits.MaxUnits));

        var units = Units(text);

        Assert.InRange(units.Count, ScoringUnits.MaxUnits / 2, ScoringUnits.MaxUnits);
        Assert.Equal(text, string.Concat(units));
    }
}
