using System.Runtime.InteropServices;

namespace AlignLab.Runtime.Review;

/// <summary>
/// Stores any .NET string in SQLite without loss. Well-formed text without NUL is stored as TEXT (readable with any
/// SQLite tool); a string with a lone surrogate or a NUL, which UTF-8 text cannot carry, is stored as a BLOB of its
/// UTF-16LE code units. The columns have no type affinity, so each value keeps the storage class it was written with.
/// </summary>
internal static class LosslessText
{
    public static object ToDb(string? value)
    {
        if (value is null)
        {
            return DBNull.Value;
        }

        return IsPlainText(value) ? value : MemoryMarshal.AsBytes(value.AsSpan()).ToArray();
    }

    public static string? FromDb(object value) => value switch
    {
        DBNull => null,
        string s => s,
        byte[] bytes => new string(MemoryMarshal.Cast<byte, char>(bytes)),
        _ => throw new InvalidDataException($"Unexpected stored value of type {value.GetType().Name}."),
    };

    /// <summary>Encodes a list of strings (which may contain anything) as one value: a length-prefixed UTF-16LE blob.</summary>
    public static byte[] ListToDb(IReadOnlyList<string> values)
    {
        var size = 4;
        foreach (var v in values)
        {
            size += 4 + (v.Length * 2);
        }

        var bytes = new byte[size];
        var span = bytes.AsSpan();
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(span, values.Count);
        var at = 4;
        foreach (var v in values)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(span[at..], v.Length);
            at += 4;
            MemoryMarshal.AsBytes(v.AsSpan()).CopyTo(span[at..]);
            at += v.Length * 2;
        }

        return bytes;
    }

    public static string[] ListFromDb(byte[] bytes)
    {
        ReadOnlySpan<byte> span = bytes;
        var count = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(span);
        var values = new string[count];
        var at = 4;
        for (var i = 0; i < count; i++)
        {
            var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(span[at..]);
            at += 4;
            values[i] = new string(MemoryMarshal.Cast<byte, char>(span.Slice(at, length * 2)));
            at += length * 2;
        }

        return values;
    }

    private static bool IsPlainText(string value)
    {
        var span = value.AsSpan();
        if (span.Contains('\0'))
        {
            return false;
        }

        var i = span.IndexOfAnyInRange('\uD800', '\uDFFF');
        while (i >= 0)
        {
            if (!char.IsHighSurrogate(span[i]) || i + 1 >= span.Length || !char.IsLowSurrogate(span[i + 1]))
            {
                return false;
            }

            var next = span[(i + 2)..].IndexOfAnyInRange('\uD800', '\uDFFF');
            i = next < 0 ? -1 : i + 2 + next;
        }

        return true;
    }
}
