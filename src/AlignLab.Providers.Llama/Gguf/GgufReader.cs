using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace AlignLab.Providers.Llama.Gguf;

/// <summary>
/// Walks a whole GGUF header (magic, version, counts, every metadata value, every tensor info) with bounds checks and
/// checks that each tensor's data lies inside the file, so that a wrong, truncated or corrupt file is reported here, in
/// managed code, before llama.cpp opens it. Reads only the header: tensor data is never touched.
/// </summary>
internal static class GgufReader
{
    /// <summary>The four bytes every GGUF file starts with.</summary>
    public static ReadOnlySpan<byte> Magic => "GGUF"u8;

    private const uint DefaultAlignment = 32;
    private const int MaxNameBytes = 63; // GGML_MAX_NAME is 64 with the terminating zero
    private const int MaxDimensions = 4;
    private const int MaxArrayDepth = 4;
    private const long MaxKeptStringBytes = 16 << 20;

    /// <summary>Reads the header of the file at <paramref name="path"/>.</summary>
    /// <exception cref="GgufFormatException">The file is not a loadable GGUF file; the message says why.</exception>
    /// <exception cref="IOException">The file could not be read.</exception>
    public static GgufInfo Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        return Read(stream);
    }

    /// <summary>Reads a GGUF header from a seekable stream positioned at its start.</summary>
    public static GgufInfo Read(Stream stream)
    {
        var r = new Cursor(stream);
        var length = stream.Length;
        if (length < 4)
        {
            throw new GgufFormatException($"not a GGUF file: it is only {length} byte(s) long");
        }

        Span<byte> magic = stackalloc byte[4];
        r.Bytes(magic, "the magic number");
        if (!magic.SequenceEqual(Magic))
        {
            throw new GgufFormatException(
                $"not a GGUF file: it starts with {Convert.ToHexString(magic)} where a GGUF file starts with 'GGUF' (47475546)");
        }

        var version = r.U32("the version");
        if (version is 0x02000000 or 0x03000000)
        {
            throw new GgufFormatException("big-endian GGUF files are not supported");
        }

        if (version is not (2 or 3))
        {
            throw new GgufFormatException($"GGUF version {version} is not supported (llama.cpp reads versions 2 and 3)");
        }

        var tensorCount = r.U64("the tensor count");
        var metadataCount = r.U64("the metadata count");
        // Each metadata pair takes at least 12 bytes and each tensor info at least 28: counts beyond the file are corrupt.
        if (metadataCount > (ulong)length / 12 || tensorCount > (ulong)length / 28)
        {
            throw new GgufFormatException(
                $"the header claims {tensorCount} tensors and {metadataCount} metadata entries, "
                + $"more than a {length}-byte file can hold (corrupt or truncated)");
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        string? architecture = null, name = null, template = null;
        var alignment = DefaultAlignment;
        var contextLengths = new Dictionary<string, long>(StringComparer.Ordinal);
        for (ulong i = 0; i < metadataCount; i++)
        {
            var key = r.String($"metadata key #{i}", keep: true)!;
            if (!keys.Add(key))
            {
                throw new GgufFormatException($"metadata key '{key}' appears twice");
            }

            var type = r.U32($"the type of '{key}'");
            var wanted = key is "general.architecture" or "general.name" or "tokenizer.chat_template";
            if (wanted && type == 8)
            {
                var value = r.String($"the value of '{key}'", keep: true);
                switch (key)
                {
                    case "general.architecture": architecture = value; break;
                    case "general.name": name = value; break;
                    default: template = value; break;
                }
            }
            else if (key == "general.alignment")
            {
                alignment = type == 4 ? r.U32("general.alignment") : throw new GgufFormatException("general.alignment must be a uint32");
                if (alignment == 0 || (alignment & (alignment - 1)) != 0)
                {
                    throw new GgufFormatException($"general.alignment {alignment} is not a power of two");
                }
            }
            else if (key.EndsWith(".context_length", StringComparison.Ordinal) && type is 4 or 10)
            {
                var n = type == 4 ? r.U32(key) : r.U64(key);
                contextLengths[key] = n > long.MaxValue ? long.MaxValue : (long)n;
            }
            else
            {
                SkipValue(r, type, key, depth: 0);
            }
        }

        if (string.IsNullOrWhiteSpace(architecture))
        {
            throw new GgufFormatException("the metadata has no general.architecture (a string), which llama.cpp needs");
        }

        var tensors = new List<(string Name, ulong Offset, ulong? Bytes)>();
        for (ulong i = 0; i < tensorCount; i++)
        {
            var tensorName = r.String($"the name of tensor #{i}", keep: true)!;
            if (Encoding.UTF8.GetByteCount(tensorName) > MaxNameBytes)
            {
                throw new GgufFormatException($"tensor #{i} has a name longer than {MaxNameBytes} bytes");
            }

            var dims = r.U32($"the dimension count of '{tensorName}'");
            if (dims is 0 or > MaxDimensions)
            {
                throw new GgufFormatException($"tensor '{tensorName}' has {dims} dimensions (1 to {MaxDimensions} allowed)");
            }

            var shape = new ulong[dims];
            for (var d = 0; d < dims; d++)
            {
                shape[d] = r.U64($"a dimension of '{tensorName}'");
            }

            var type = r.U32($"the type of '{tensorName}'");
            var offset = r.U64($"the data offset of '{tensorName}'");
            tensors.Add((tensorName, offset, TensorBytes(tensorName, shape, type)));
        }

        var dataStart = Align((ulong)r.Position, alignment);
        foreach (var (tensorName, offset, bytes) in tensors)
        {
            if (offset % alignment != 0)
            {
                throw new GgufFormatException(
                    $"tensor '{tensorName}' starts at offset {offset}, which is not a multiple of the alignment {alignment}");
            }

            var end = dataStart + offset + (bytes ?? 0);
            if (end < dataStart || end > (ulong)length)
            {
                throw new GgufFormatException(
                    $"the data of tensor '{tensorName}' would end at byte {end}, beyond the end of the {length}-byte file (the file is truncated)");
            }
        }

        var trained = contextLengths.TryGetValue(architecture + ".context_length", out var c) ? c : (long?)null;
        return new GgufInfo(version, tensorCount, metadataCount, architecture, name, template, trained);
    }

    private static ulong? TensorBytes(string name, ulong[] shape, uint type)
    {
        if (!GgmlTypes.TryGet(type, out var blockSize, out var blockBytes))
        {
            return null; // a type newer than this table: llama.cpp checks it; the offset is still range-checked
        }

        if (shape[0] % (ulong)blockSize != 0)
        {
            throw new GgufFormatException(
                $"tensor '{name}' has a first dimension of {shape[0]}, not a multiple of its type's block size {blockSize}");
        }

        try
        {
            var bytes = checked(shape[0] / (ulong)blockSize * (ulong)blockBytes);
            for (var d = 1; d < shape.Length; d++)
            {
                bytes = checked(bytes * shape[d]);
            }

            return bytes;
        }
        catch (OverflowException)
        {
            throw new GgufFormatException($"tensor '{name}' has impossible dimensions {string.Join('x', shape)}");
        }
    }

    private static void SkipValue(Cursor r, uint type, string key, int depth)
    {
        switch (type)
        {
            case 0 or 1 or 7: r.Skip(1, key); break;
            case 2 or 3: r.Skip(2, key); break;
            case 4 or 5 or 6: r.Skip(4, key); break;
            case 10 or 11 or 12: r.Skip(8, key); break;
            case 8: r.String(key, keep: false); break;
            case 9:
                if (depth >= MaxArrayDepth)
                {
                    throw new GgufFormatException($"'{key}' nests arrays more than {MaxArrayDepth} deep");
                }

                var elementType = r.U32($"the element type of '{key}'");
                var count = r.U64($"the length of '{key}'");
                var fixedSize = elementType switch
                {
                    0 or 1 or 7 => 1,
                    2 or 3 => 2,
                    4 or 5 or 6 => 4,
                    10 or 11 or 12 => 8,
                    _ => 0,
                };
                if (fixedSize > 0)
                {
                    if (count > (ulong)(r.Remaining / fixedSize))
                    {
                        throw r.Truncated($"'{key}' ({count} values)");
                    }

                    r.Skip((long)count * fixedSize, key);
                    break;
                }

                if (elementType is not (8 or 9))
                {
                    throw new GgufFormatException($"'{key}' is an array of unknown type {elementType}");
                }

                for (ulong i = 0; i < count; i++)
                {
                    SkipValue(r, elementType, key, depth + 1);
                }

                break;
            default:
                throw new GgufFormatException($"metadata '{key}' has unknown type {type}");
        }
    }

    private static ulong Align(ulong value, uint alignment) => (value + alignment - 1) / alignment * alignment;

    /// <summary>A forward-only reader that knows how much of the file is left and says what it was reading when it ran out.</summary>
    private sealed class Cursor(Stream stream)
    {
        private readonly long _length = stream.Length;

        public long Position { get; private set; } = stream.Position;

        public long Remaining => _length - Position;

        public GgufFormatException Truncated(string what) =>
            new($"the file ends inside {what} at byte {Position} of {_length} (the file is truncated or corrupt)");

        public void Bytes(Span<byte> buffer, string what)
        {
            if (buffer.Length > Remaining)
            {
                throw Truncated(what);
            }

            stream.ReadExactly(buffer);
            Position += buffer.Length;
        }

        public uint U32(string what)
        {
            Span<byte> b = stackalloc byte[4];
            Bytes(b, what);
            return BinaryPrimitives.ReadUInt32LittleEndian(b);
        }

        public ulong U64(string what)
        {
            Span<byte> b = stackalloc byte[8];
            Bytes(b, what);
            return BinaryPrimitives.ReadUInt64LittleEndian(b);
        }

        public void Skip(long count, string what)
        {
            if (count > Remaining)
            {
                throw Truncated(what);
            }

            stream.Seek(count, SeekOrigin.Current);
            Position += count;
        }

        public string? String(string what, bool keep)
        {
            var length = U64(what);
            if (length > (ulong)Remaining)
            {
                throw Truncated(what);
            }

            if (!keep)
            {
                Skip((long)length, what);
                return null;
            }

            if (length > MaxKeptStringBytes)
            {
                throw new GgufFormatException(
                    $"{what} is {length.ToString(CultureInfo.InvariantCulture)} bytes long, more than the {MaxKeptStringBytes} bytes allowed");
            }

            var bytes = new byte[length];
            Bytes(bytes, what);
            return Encoding.UTF8.GetString(bytes);
        }
    }
}
