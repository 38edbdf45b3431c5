using TorchSharp;

namespace AlignLab.Training.Tests;

public sealed class TrainingDeviceTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("cpu")]
    [InlineData(" CPU ")]
    public void Cpu_is_the_default(string? text) => Assert.Equal(DeviceType.CPU, TrainingDevice.Parse(text).Device!.type);

    [Theory]
    [InlineData("tpu", "device 'tpu' is not cpu, cuda or cuda:N")]
    [InlineData("cuda:x", "device 'cuda:x': the CUDA index is not a number")]
    public void An_unknown_device_is_an_error(string text, string error) => Assert.Equal(error, TrainingDevice.Parse(text).Error);

    [Fact]
    public void Cuda_is_passed_to_torchsharp_or_refused_clearly_when_this_libtorch_has_none()
    {
        var (device, error) = TrainingDevice.Parse("cuda");
        if (torch.cuda.is_available())
        {
            Assert.Equal(DeviceType.CUDA, device!.type);
        }
        else
        {
            Assert.StartsWith("device 'cuda': this libtorch has no CUDA", error, StringComparison.Ordinal);
        }
    }
}
