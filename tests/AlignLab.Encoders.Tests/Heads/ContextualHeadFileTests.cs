using AlignLab.Encoders.Heads;

namespace AlignLab.Encoders.Tests.Heads;

public sealed class ContextualHeadFileTests
{
    internal static ContextualHead Sample(int hidden = 2, int dims = 4) => new(
        new HeadWeights(dims, hidden, Enumerable.Range(0, hidden * dims).Select(i => i * 0.1f).ToArray(), Enumerable.Repeat(0.5f, hidden).ToArray(),
            Enumerable.Range(0, hidden == 0 ? dims : hidden).Select(i => 1f - i).ToArray(), -0.25f),
        new StackWeights(0.9f, 0.4f, -0.1f, 0.55f), "all-MiniLM-L6-v2", "ABC123");

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void A_head_survives_a_save_and_load_with_the_same_scores(int hidden)
    {
        var head = Sample(hidden);
        using var ms = new MemoryStream();
        ContextualHeadFile.Save(head, ms);
        ms.Position = 0;
        var loaded = ContextualHeadFile.Load(ms);

        float[] x = [0.5f, -0.5f, 0.25f, 1f];
        Assert.Equal(head.HeadLogit(x), loaded.HeadLogit(x));
        Assert.Equal(head.Probability(0.7f, x), loaded.Probability(0.7f, x));
        Assert.Equal((head.Encoder, head.FastModelDigest, head.Threshold, head.HiddenUnits), (loaded.Encoder, loaded.FastModelDigest, loaded.Threshold, loaded.HiddenUnits));
    }

    [Fact]
    public void A_truncated_or_foreign_head_file_is_invalid_data_not_a_crash()
    {
        using var ms = new MemoryStream();
        ContextualHeadFile.Save(Sample(), ms);
        var bytes = ms.ToArray();

        Assert.Throws<InvalidDataException>(() => ContextualHeadFile.Load(new MemoryStream(bytes[..(bytes.Length / 2)])));
        Assert.Throws<InvalidDataException>(() => ContextualHeadFile.Load(new MemoryStream("not a head file at all"u8.ToArray())));
    }

    [Fact]
    public void Log_odds_of_zero_and_one_stay_finite()
    {
        Assert.Equal(-12f, ContextualHead.LogOdds(0f), 1);
        Assert.Equal(12f, ContextualHead.LogOdds(1f), 1);
        Assert.Equal(0f, ContextualHead.LogOdds(0.5f), 5);
    }
}
