using AlignLab.Server.Preferences.Ratings;

namespace AlignLab.Server.Tests.Preferences.Ratings;

public sealed class InterRaterAgreementTests
{
    private static RatingRecord Rating(long item, string rater, RatingChoice shown, bool swapped = false) =>
        new(item, rater, swapped, shown, shown switch { RatingChoice.First => 2, RatingChoice.Second => 6, _ => 4 }, null, DateTimeOffset.UnixEpoch);

    [Fact]
    public void Cohens_kappa_of_the_textbook_two_by_two_table_is_0_4()
    {
        // Wikipedia, "Cohen's kappa", worked example: 50 proposals, both yes 20, A yes B no 5, A no B yes 10, both no 15.
        var pairs = Enumerable.Repeat((0, 0), 20).Concat(Enumerable.Repeat((0, 1), 5)).Concat(Enumerable.Repeat((1, 0), 10))
            .Concat(Enumerable.Repeat((1, 1), 15)).ToList();

        var (kappa, observed) = InterRaterAgreement.Cohen(pairs, 2);

        Assert.Equal(0.7, observed!.Value, 10);
        Assert.Equal(0.4, kappa!.Value, 10);
    }

    [Fact]
    public void Fleiss_kappa_of_the_textbook_fourteen_rater_table_is_0_210()
    {
        // Fleiss (1971) as worked on Wikipedia, "Fleiss' kappa": 10 subjects, 14 raters, 5 categories; P̄ = 0.378, P̄e = 0.213.
        int[][] counts =
        [
            [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
            [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
        ];

        var (kappa, observed) = InterRaterAgreement.Fleiss(counts);

        Assert.Equal(0.378, observed!.Value, 3);
        Assert.Equal(0.210, kappa!.Value, 3);
    }

    [Fact]
    public void Kappa_is_undefined_rather_than_a_division_by_zero_when_every_rating_is_in_one_category()
    {
        Assert.Null(InterRaterAgreement.Cohen([(1, 1), (1, 1)], 3).Kappa);
        Assert.Null(InterRaterAgreement.Fleiss([[0, 3, 0], [0, 3, 0]]).Kappa);
        Assert.Equal((null, null), InterRaterAgreement.Cohen([], 3));
    }

    [Fact]
    public void Two_raters_who_saw_the_answers_in_opposite_orders_agree_when_they_prefer_the_same_answer()
    {
        // Rater x saw the file's order, y the swapped one: "A" from x and "B" from y are the same answer.
        RatingRecord[] ratings =
        [
            Rating(1, "x", RatingChoice.First), Rating(1, "y", RatingChoice.Second, swapped: true),
            Rating(2, "x", RatingChoice.Second), Rating(2, "y", RatingChoice.First, swapped: true),
            Rating(3, "x", RatingChoice.Tie), Rating(3, "y", RatingChoice.Tie, swapped: true),
            Rating(4, "x", RatingChoice.First), // only one rater: not in Cohen's items
        ];

        var agreement = InterRaterAgreement.Of(ratings);

        Assert.Equal(("cohen", 3, 2, 1.0), (agreement.Method, agreement.Items, agreement.Raters, agreement.ObservedAgreement!.Value));
        Assert.Equal(1.0, agreement.Kappa!.Value, 10);
    }

    [Fact]
    public void Three_raters_give_fleiss_kappa_over_the_items_at_least_two_of_them_rated_and_one_rater_gives_none()
    {
        RatingRecord[] ratings =
        [
            Rating(1, "x", RatingChoice.First), Rating(1, "y", RatingChoice.First), Rating(1, "z", RatingChoice.Second),
            Rating(2, "x", RatingChoice.Second), Rating(2, "y", RatingChoice.Second),
            Rating(3, "z", RatingChoice.Tie),
        ];

        var agreement = InterRaterAgreement.Of(ratings);

        // Item 1: P = (2·1 + 1·0) / (3·2) = 1/3; item 2: P = 1. P̄ = 2/3; p = (2/5, 3/5, 0), P̄e = 13/25; κ = (2/3 − 13/25) / (12/25) = 11/36.
        Assert.Equal(("fleiss", 2, 3), (agreement.Method, agreement.Items, agreement.Raters));
        Assert.Equal(11.0 / 36, agreement.Kappa!.Value, 10);
        Assert.Equal("none", InterRaterAgreement.Of([Rating(1, "x", RatingChoice.First)]).Method);
    }
}
