using TorchSharp;

namespace AlignLab.Training.Checkpoints;

/// <summary>Names, sizes and TorchSharp types of <see cref="SafetensorsDtype"/>.</summary>
public static class SafetensorsDtypes
{
    /// <summary>The dtype a header names (<c>"F32"</c>, <c>"F16"</c>, <c>"BF16"</c>), or null.</summary>
    public static SafetensorsDtype? Parse(string text) => text switch
    {
        "F32" => SafetensorsDtype.F32,
        "F16" => SafetensorsDtype.F16,
        "BF16" => SafetensorsDtype.BF16,
        _ => null,
    };

    /// <summary>The header name of <paramref name="dtype"/>.</summary>
    public static string Name(SafetensorsDtype dtype) => dtype switch
    {
        SafetensorsDtype.F32 => "F32",
        SafetensorsDtype.F16 => "F16",
        _ => "BF16",
    };

    /// <summary>Bytes per element.</summary>
    public static int ElementSize(SafetensorsDtype dtype) => dtype == SafetensorsDtype.F32 ? 4 : 2;

    /// <summary>The byte length of a tensor of <paramref name="shape"/>, or null when it overflows a 64-bit count.</summary>
    public static long? ByteLength(SafetensorsDtype dtype, IReadOnlyList<long> shape)
    {
        try
        {
            var total = (long)ElementSize(dtype);
            foreach (var dimension in shape)
            {
                total = checked(total * dimension);
            }

            return total;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>The TorchSharp scalar type of <paramref name="dtype"/>.</summary>
    public static torch.ScalarType ToTorch(SafetensorsDtype dtype) => dtype switch
    {
        SafetensorsDtype.F32 => torch.ScalarType.Float32,
        SafetensorsDtype.F16 => torch.ScalarType.Float16,
        _ => torch.ScalarType.BFloat16,
    };

    /// <summary>The safetensors dtype of a TorchSharp scalar type, or null when it is not one AlignLab writes.</summary>
    public static SafetensorsDtype? FromTorch(torch.ScalarType type) => type switch
    {
        torch.ScalarType.Float32 => SafetensorsDtype.F32,
        torch.ScalarType.Float16 => SafetensorsDtype.F16,
        torch.ScalarType.BFloat16 => SafetensorsDtype.BF16,
        _ => null,
    };
}
