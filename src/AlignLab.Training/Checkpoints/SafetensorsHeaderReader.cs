using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace AlignLab.Training.Checkpoints;

/// <summary>
/// Reads and validates a safetensors header (8-byte little-endian length, JSON, then the data buffer) the way the reference
/// implementation does: header at most 100 MB, every tensor a known dtype with non-negative shape and offsets, byte length
/// = element count × element size, tensors tiling the data buffer from 0 to its end with no hole or overlap, no duplicate
/// names, <c>__metadata__</c> of strings. A hostile file gives errors naming the tensor; nothing is thrown.
/// </summary>
public static class SafetensorsHeaderReader
{
    /// <summary>The largest header accepted, as in the reference implementation (MAX_HEADER_SIZE).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>
    /// Reads the header of a file whose first bytes are <paramref name="prefix"/> and whose length is <paramref name="fileLength"/>.
    /// </summary>
    /// <param name="prefix">At least the first 8 + N bytes of the file (more is ignored).</param>
    /// <param name="fileLength">The whole file's length, to check that the tensors end where the file does.</param>
    /// <returns>The header, or null with the errors.</returns>
    public static CheckpointResult<SafetensorsHeader> Read(ReadOnlySpan<byte> prefix, long fileLength)
    {
        if (prefix.Length < 8 || fileLength < 8)
        {
            return CheckpointResult<SafetensorsHeader>.Fail("the file is shorter than the 8-byte header length");
        }

        var length = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (length > MaxHeaderBytes)
        {
            return CheckpointResult<SafetensorsHeader>.Fail($"the header length {length} is over the {MaxHeaderBytes}-byte limit");
        }

        if ((long)length > fileLength - 8 || (long)length > prefix.Length - 8)
        {
            return CheckpointResult<SafetensorsHeader>.Fail($"the header length {length} runs past the end of the file ({fileLength} bytes)");
        }

        var json = prefix.Slice(8, (int)length);
        var trimmed = json.TrimStart(" \t\r\n"u8);
        if (trimmed.IsEmpty || trimmed[0] != (byte)'{')
        {
            return CheckpointResult<SafetensorsHeader>.Fail("the header is not a JSON object (it must start with '{')");
        }

        if (!Utf8.IsValid(json))
        {
            // System.Text.Json would throw InvalidOperationException on the first bad name it decoded.
            return CheckpointResult<SafetensorsHeader>.Fail("the header is not valid UTF-8");
        }

        var dataOffset = 8 + (long)length;
        try
        {
            using var document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
            return ReadObject(document.RootElement, dataOffset, fileLength - dataOffset);
        }
        catch (JsonException e)
        {
            return CheckpointResult<SafetensorsHeader>.Fail($"the header is not valid JSON: {e.Message}");
        }
    }

    /// <summary>Reads the header of the safetensors file at <paramref name="path"/> (only the header is read).</summary>
    public static CheckpointResult<SafetensorsHeader> ReadFile(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> lengthBytes = stackalloc byte[8];
        if (stream.ReadAtLeast(lengthBytes, 8, throwOnEndOfStream: false) < 8)
        {
            return CheckpointResult<SafetensorsHeader>.Fail($"{Path.GetFileName(path)}: the file is shorter than the 8-byte header length");
        }

        var length = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        var readable = (int)Math.Min(length, (ulong)Math.Min(MaxHeaderBytes, Math.Max(0, stream.Length - 8)));
        var prefix = new byte[8 + readable];
        lengthBytes.CopyTo(prefix);
        stream.ReadExactly(prefix.AsSpan(8));
        var result = Read(prefix, stream.Length);
        return result.Value is null
            ? CheckpointResult<SafetensorsHeader>.Fail([.. result.Errors.Select(e => $"{Path.GetFileName(path)}: {e}")])
            : result;
    }

    private static CheckpointResult<SafetensorsHeader> ReadObject(JsonElement root, long dataOffset, long dataLength)
    {
        var errors = new List<string>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var tensors = new List<SafetensorsTensorInfo>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                errors.Add($"tensor '{property.Name}' appears twice in the header");
                continue;
            }

            if (property.NameEquals("__metadata__"))
            {
                ReadMetadata(property.Value, metadata, errors);
                continue;
            }

            var tensor = ReadTensor(property.Name, property.Value, errors);
            if (tensor is not null)
            {
                tensors.Add(tensor);
            }
        }

        tensors.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long expected = 0;
        foreach (var tensor in tensors)
        {
            if (tensor.Begin != expected)
            {
                errors.Add(tensor.Begin > expected
                    ? $"tensor '{tensor.Name}' begins at byte {tensor.Begin} of the data, leaving a hole after byte {expected}"
                    : $"tensor '{tensor.Name}' begins at byte {tensor.Begin} of the data, overlapping the tensor that ends at {expected}");
            }

            expected = Math.Max(expected, tensor.End);
        }

        if (errors.Count == 0 && expected != dataLength)
        {
            errors.Add(expected < dataLength
                ? $"the tensors end at byte {expected} of the data but the file holds {dataLength} data bytes"
                : $"the tensors end at byte {expected} of the data, past the file's {dataLength} data bytes" +
                  (tensors.Count > 0 ? $" (last tensor '{tensors[^1].Name}')" : string.Empty));
        }

        return errors.Count > 0
            ? CheckpointResult<SafetensorsHeader>.Fail(errors)
            : CheckpointResult<SafetensorsHeader>.Ok(new SafetensorsHeader(tensors, metadata, dataOffset));
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, List<string> errors)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add("__metadata__ is not an object of strings");
            return;
        }

        foreach (var entry in value.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                errors.Add($"__metadata__ entry '{entry.Name}' is not a string");
            }
            else if (!metadata.TryAdd(entry.Name, entry.Value.GetString()!))
            {
                errors.Add($"__metadata__ entry '{entry.Name}' appears twice");
            }
        }
    }

    private static SafetensorsTensorInfo? ReadTensor(string name, JsonElement value, List<string> errors)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"tensor '{name}': the entry is not an object");
            return null;
        }

        var count = errors.Count;
        SafetensorsDtype? dtype = null;
        if (!value.TryGetProperty("dtype", out var dtypeText) || dtypeText.ValueKind != JsonValueKind.String)
        {
            errors.Add($"tensor '{name}': dtype is missing or not a string");
        }
        else if (SafetensorsDtypes.Parse(dtypeText.GetString()!) is { } parsed)
        {
            dtype = parsed;
        }
        else
        {
            errors.Add($"tensor '{name}': dtype '{dtypeText.GetString()}' is not supported (F32, F16 and BF16 are)");
        }

        var shape = ReadIntegers(name, value, "shape", errors);
        var offsets = ReadIntegers(name, value, "data_offsets", errors);
        if (offsets is not null && offsets.Count != 2)
        {
            errors.Add($"tensor '{name}': data_offsets has {offsets.Count} numbers, not 2 [begin, end]");
        }
        else if (offsets is not null && offsets[1] < offsets[0])
        {
            errors.Add($"tensor '{name}': data_offsets end {offsets[1]} is before begin {offsets[0]}");
        }

        if (errors.Count > count || dtype is null || shape is null || offsets is null)
        {
            return null;
        }

        var bytes = SafetensorsDtypes.ByteLength(dtype.Value, shape);
        if (bytes is null)
        {
            errors.Add($"tensor '{name}': the shape [{string.Join(", ", shape)}] is too large");
            return null;
        }

        if (bytes != offsets[1] - offsets[0])
        {
            errors.Add($"tensor '{name}': {dtype} [{string.Join(", ", shape)}] needs {bytes} bytes but data_offsets " +
                       $"[{offsets[0]}, {offsets[1]}] give {offsets[1] - offsets[0]}");
            return null;
        }

        return new SafetensorsTensorInfo(name, dtype.Value, shape, offsets[0], offsets[1]);
    }

    private static List<long>? ReadIntegers(string name, JsonElement value, string field, List<string> errors)
    {
        if (!value.TryGetProperty(field, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            errors.Add($"tensor '{name}': {field} is missing or not an array");
            return null;
        }

        var numbers = new List<long>();
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out var number) || number < 0)
            {
                errors.Add($"tensor '{name}': {field} holds {Describe(item)}, not a non-negative integer");
                return null;
            }

            numbers.Add(number);
        }

        return numbers;
    }

    private static string Describe(JsonElement item)
    {
        var text = item.GetRawText();
        return text.Length > 40 ? string.Concat(text.AsSpan(0, 40), "…") : text;
    }

    /// <summary>The UTF-8 of a header's JSON, for messages in tests.</summary>
    internal static string HeaderText(ReadOnlySpan<byte> file) =>
        Encoding.UTF8.GetString(file.Slice(8, (int)BinaryPrimitives.ReadUInt64LittleEndian(file)));
}
