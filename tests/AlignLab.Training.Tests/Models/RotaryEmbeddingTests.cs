using AlignLab.Training.Models;

namespace AlignLab.Training.Tests.Models;

public sealed class RotaryEmbeddingTests
{
    [Fact]
    public void Linear_scaling_divides_every_frequency_and_llama3_keeps_high_ones_and_divides_low_ones()
    {
        var plain = RotaryEmbedding.InverseFrequencies(64, 500_000, null);
        Assert.Equal(1f, plain[0]);
        Assert.Equal((float)(1 / Math.Pow(500_000, 2.0 / 64)), plain[1]);
        var linear = RotaryEmbedding.InverseFrequencies(64, 500_000, new RopeScaling("linear", 4));
        Assert.All(plain.Zip(linear), p => Assert.Equal(p.First / 4, p.Second, 1e-12f));

        var llama3 = RotaryEmbedding.InverseFrequencies(64, 500_000, new RopeScaling("llama3", 8, 8192, 1, 4));
        Assert.Equal(plain[0], llama3[0]); // wavelength 2π < 8192 / 4: unchanged
        Assert.Equal(plain[^1] / 8, llama3[^1], 1e-12f); // wavelength > 8192: divided by the factor
        // In the band between, the result lies between the two.
        var band = Enumerable.Range(0, 32).Where(i => 2 * Math.PI / plain[i] is > 8192 / 4.0 and < 8192).ToList();
        Assert.NotEmpty(band);
        Assert.All(band, i => Assert.InRange(llama3[i], plain[i] / 8, plain[i]));
    }
}
