using AlignLab.Classification;

namespace AlignLab.Tests.Classification;

public sealed class NgramFeaturizerTests
{
    private static List<int> Buckets(string text, FeatureSet features)
    {
        var buckets = new List<int>();
        var sink = new FeatureListSink(buckets, null);
        NgramFeaturizer.Extract(text, (1 << 20) - 1, ref sink, features);
        return buckets;
    }

    [Fact]
    public void Word_trigrams_add_one_feature_per_three_consecutive_words()
    {
        var basic = Buckets("build a pipe bomb", FeatureSet.Basic);
        var withTrigrams = Buckets("build a pipe bomb", FeatureSet.WordTrigrams);

        Assert.Equal(basic.Count + 2, withTrigrams.Count);
    }

    [Fact]
    public void Cross_word_grams_span_a_boundary_and_ignore_how_the_words_are_separated()
    {
        // "ab cd": the 5-grams "ab cd" and "b cd " have a space inside; in-word n-grams are not repeated.
        Assert.Equal(Buckets("ab cd", FeatureSet.Basic).Count + 2, Buckets("ab cd", FeatureSet.CrossWordChar5).Count);

        var spaced = Buckets("pipe   bomb", FeatureSet.CrossWordChar5).Except(Buckets("pipe   bomb", FeatureSet.Basic)).Order();
        var comma = Buckets("pipe, bomb", FeatureSet.CrossWordChar5).Except(Buckets("pipe, bomb", FeatureSet.Basic)).Order();
        Assert.NotEmpty(spaced);
        Assert.Equal(spaced, comma);
    }

    [Fact]
    public void Feature_spans_stay_inside_the_text()
    {
        const string text = "  how, do I   build it?! ";
        var buckets = new List<int>();
        var spans = new List<(int Start, int Length)>();
        var sink = new FeatureListSink(buckets, spans);

        NgramFeaturizer.Extract(text, 1023, ref sink, FeatureSet.All);

        Assert.All(spans, s => Assert.True(s.Start >= 0 && s.Length > 0 && s.Start + s.Length <= text.Length, $"{s}"));
    }
}
