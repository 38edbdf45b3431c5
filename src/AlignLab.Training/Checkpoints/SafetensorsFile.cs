using System.Buffers.Binary;
using System.Text.Json;
using TorchSharp;

namespace AlignLab.Training.Checkpoints;

/// <summary>
/// Reads and writes safetensors files as Hugging Face tools do: header padded with spaces so the data is 8-byte aligned,
/// <c>__metadata__</c> first with <c>{"format": "pt"}</c> (transformers refuses other formats), tensors ordered by
/// descending alignment then name, little-endian row-major data.
/// </summary>
public static class SafetensorsFile
{
    /// <summary>Reads every tensor of the file at <paramref name="path"/> onto <paramref name="device"/> (CPU when null).</summary>
    /// <returns>The tensors by name (the caller owns and disposes them), or the header's errors naming the tensor.</returns>
    public static CheckpointResult<Dictionary<string, torch.Tensor>> Read(string path, torch.Device? device = null)
    {
        var header = SafetensorsHeaderReader.ReadFile(path);
        if (header.Value is null)
        {
            return CheckpointResult<Dictionary<string, torch.Tensor>>.Fail(header.Errors);
        }

        var tensors = new Dictionary<string, torch.Tensor>(StringComparer.Ordinal);
        using var stream = File.OpenRead(path);
        foreach (var info in header.Value.Tensors)
        {
            tensors[info.Name] = ReadTensor(stream, header.Value.DataOffset, info, device);
        }

        return CheckpointResult<Dictionary<string, torch.Tensor>>.Ok(tensors);
    }

    /// <summary>Reads one tensor described by <paramref name="info"/> from an open file.</summary>
    internal static torch.Tensor ReadTensor(Stream stream, long dataOffset, SafetensorsTensorInfo info, torch.Device? device)
    {
        var buffer = new byte[info.ByteLength];
        stream.Position = dataOffset + info.Begin;
        stream.ReadExactly(buffer);
        var tensor = torch.empty([.. info.Shape], SafetensorsDtypes.ToTorch(info.Dtype));
        if (buffer.Length > 0)
        {
            tensor.bytes = buffer;
        }

        if (device is null || device.type == DeviceType.CPU)
        {
            return tensor;
        }

        using (tensor)
        {
            return tensor.to(device);
        }
    }

    /// <summary>Writes <paramref name="tensors"/> (F32, F16 or BF16, any device) to <paramref name="path"/>.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="tensors">The tensors by name.</param>
    /// <param name="metadata">Extra <c>__metadata__</c> entries; <c>format</c> is always <c>pt</c>.</param>
    /// <exception cref="ArgumentException">A tensor has another element type.</exception>
    public static void Write(
        string path, IEnumerable<KeyValuePair<string, torch.Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var ordered = Order(tensors);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        Write(stream, ordered, metadata);
    }

    /// <summary>Writes a safetensors file to <paramref name="stream"/> (checkpoint writers that write to a temporary file and rename).</summary>
    internal static void Write(
        Stream stream, IEnumerable<KeyValuePair<string, torch.Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Write(stream, Order(tensors), metadata);
    }

    // Descending element size, then name: the reference writer's order. Checked before a file is created.
    private static List<(string Key, torch.Tensor Tensor, SafetensorsDtype Dtype)> Order(IEnumerable<KeyValuePair<string, torch.Tensor>> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        return tensors
            .Select(pair => (pair.Key, Tensor: pair.Value, Dtype: SafetensorsDtypes.FromTorch(pair.Value.dtype)
                ?? throw new ArgumentException(
                    $"tensor '{pair.Key}' is {pair.Value.dtype}; safetensors files here hold F32, F16 or BF16", nameof(tensors))))
            .OrderByDescending(t => SafetensorsDtypes.ElementSize(t.Dtype))
            .ThenBy(t => t.Key, StringComparer.Ordinal)
            .ToList();
    }

    private static void Write(
        Stream stream, List<(string Key, torch.Tensor Tensor, SafetensorsDtype Dtype)> ordered, IReadOnlyDictionary<string, string>? metadata)
    {
        var header = BuildHeader(ordered.Select(t => (t.Key, t.Dtype, t.Tensor.shape)), metadata);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        foreach (var (_, tensor, _) in ordered)
        {
            using var cpu = tensor.detach().cpu().contiguous();
            if (cpu.numel() > 0)
            {
                stream.Write(cpu.bytes);
            }
        }
    }

    /// <summary>The header JSON, padded with spaces to a multiple of 8 bytes.</summary>
    internal static byte[] BuildHeader(
        IEnumerable<(string Name, SafetensorsDtype Dtype, long[] Shape)> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("__metadata__");
            writer.WriteString("format", "pt");
            foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
            {
                if (!string.Equals(key, "format", StringComparison.Ordinal))
                {
                    writer.WriteString(key, value);
                }
            }

            writer.WriteEndObject();
            long offset = 0;
            foreach (var (name, dtype, shape) in tensors)
            {
                var bytes = SafetensorsDtypes.ByteLength(dtype, shape) ?? throw new ArgumentException($"tensor '{name}' is too large");
                writer.WriteStartObject(name);
                writer.WriteString("dtype", SafetensorsDtypes.Name(dtype));
                writer.WriteStartArray("shape");
                foreach (var dimension in shape)
                {
                    writer.WriteNumberValue(dimension);
                }

                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                writer.WriteNumberValue(offset + bytes);
                writer.WriteEndArray();
                writer.WriteEndObject();
                offset += bytes;
            }

            writer.WriteEndObject();
        }

        var padding = (int)((8 - (buffer.Length % 8)) % 8);
        for (var i = 0; i < padding; i++)
        {
            buffer.WriteByte((byte)' ');
        }

        return buffer.ToArray();
    }
}
