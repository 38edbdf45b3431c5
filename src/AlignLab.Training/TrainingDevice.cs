using TorchSharp;
using static TorchSharp.torch;

namespace AlignLab.Training;

/// <summary>The <c>--device</c> option: <c>cpu</c> (the default), <c>cuda</c> or <c>cuda:N</c>, passed to TorchSharp.</summary>
public static class TrainingDevice
{
    /// <summary>The device named by <paramref name="text"/>, or an error (unknown name; CUDA asked for but this libtorch has none).</summary>
    public static (Device? Device, string? Error) Parse(string? text)
    {
        var name = string.IsNullOrWhiteSpace(text) ? "cpu" : text.Trim().ToLowerInvariant();
        if (name == "cpu")
        {
            return (CPU, null);
        }

        if (name != "cuda" && !name.StartsWith("cuda:", StringComparison.Ordinal))
        {
            return (null, $"device '{text}' is not cpu, cuda or cuda:N");
        }

        if (name.Length > 5 && !int.TryParse(name.AsSpan(5), out _))
        {
            return (null, $"device '{text}': the CUDA index is not a number");
        }

        if (!cuda.is_available())
        {
            return (null, $"device '{text}': this libtorch has no CUDA " +
                          "(AlignLab ships libtorch-cpu; reference a CUDA libtorch package to train on a GPU)");
        }

        return (device(name), null);
    }
}
