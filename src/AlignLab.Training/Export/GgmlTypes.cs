using System.Buffers.Binary;

namespace AlignLab.Training.Export;

/// <summary>Sizes and encodings of <see cref="GgmlType"/> data.</summary>
internal static class GgmlTypes
{
    /// <summary>Values per Q8_0 block.</summary>
    public const int Q8Block = 32;

    private const int Q8BlockBytes = 2 + Q8Block;

    public static long ByteLength(GgmlType type, long count) => type switch
    {
        GgmlType.F32 => count * 4,
        GgmlType.F16 => count * 2,
        _ => count / Q8Block * Q8BlockBytes,
    };

    public static byte[] Encode(GgmlType type, float[] values) => type switch
    {
        GgmlType.F32 => F32(values),
        GgmlType.F16 => F16(values),
        _ => Q8_0(values),
    };

    private static byte[] F32(float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return bytes;
    }

    private static byte[] F16(float[] values)
    {
        var bytes = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteHalfLittleEndian(bytes.AsSpan(i * 2), (Half)values[i]);
        }

        return bytes;
    }

    /// <summary>
    /// ggml's reference Q8_0 (<c>quantize_row_q8_0_ref</c>): per block of 32, d = max|x| / 127 stored as fp16, q = round(x / d)
    /// (0 when d is 0). The caller guarantees the length is a multiple of 32.
    /// </summary>
    internal static byte[] Q8_0(float[] values)
    {
        var blocks = values.Length / Q8Block;
        var bytes = new byte[blocks * Q8BlockBytes];
        for (var b = 0; b < blocks; b++)
        {
            var block = values.AsSpan(b * Q8Block, Q8Block);
            var amax = 0f;
            foreach (var v in block)
            {
                amax = Math.Max(amax, Math.Abs(v));
            }

            var d = amax / 127f;
            var inverse = d == 0 ? 0f : 1f / d;
            var output = bytes.AsSpan(b * Q8BlockBytes, Q8BlockBytes);
            BinaryPrimitives.WriteHalfLittleEndian(output, (Half)d);
            for (var i = 0; i < Q8Block; i++)
            {
                output[2 + i] = unchecked((byte)(sbyte)MathF.Round(block[i] * inverse, MidpointRounding.AwayFromZero));
            }
        }

        return bytes;
    }
}
