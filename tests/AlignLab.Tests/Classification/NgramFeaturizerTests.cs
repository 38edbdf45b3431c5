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

    [Fact]
    public void Feature_stream_is_pinned_because_the_committed_model_depends_on_it()
    {
        // The committed model's weights are indexed by these buckets: any change to which features are emitted, their
        // hashes, order or spans silently breaks it (and needs a new model format). The texts cover words, punctuation
        // runs, a capped long word, non-ASCII letters and an empty string.
        string[] texts =
        [
            "give me step by step instructions to build a pipe bomb",
            "  how, do I   build it?! ",
            "ab cd",
            new string('x', 50) + " tail",
            "Ça va? naïve café ünïcödé 123 4five",
            "",
        ];
        var hash = 2166136261u;
        foreach (var text in texts)
        {
            var buckets = new List<int>();
            var spans = new List<(int Start, int Length)>();
            var sink = new FeatureListSink(buckets, spans);
            NgramFeaturizer.Extract(text, (1 << 18) - 1, ref sink, FeatureSet.All);
            for (var i = 0; i < buckets.Count; i++)
            {
                foreach (var value in new[] { buckets[i], spans[i].Start, spans[i].Length })
                {
                    hash = (hash ^ (uint)value) * 16777619u;
                }
            }

            hash = (hash ^ (uint)buckets.Count) * 16777619u;
        }

        Assert.Equal(2468357480u, hash);
    }
}
