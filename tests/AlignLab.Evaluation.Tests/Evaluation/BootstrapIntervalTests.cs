using AlignLab.Evaluation;

namespace AlignLab.Tests.Evaluation;

public sealed class BootstrapIntervalTests
{
    [Fact]
    public void Seeds_are_the_same_in_every_process()
    {
        // Literal values: a per-process randomised hash (HashCode.Combine) would break reproducible intervals across runs.
        Assert.Equal(90696630, BootstrapInterval.StableSeed(7, 158, 346));
        Assert.Equal(84696351, BootstrapInterval.StableSeed(0));
        Assert.NotEqual(BootstrapInterval.StableSeed(7, 158, 346), BootstrapInterval.StableSeed(7, 346, 158));
    }
}
