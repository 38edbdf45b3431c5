using System.Text;

namespace AlignLab.Training.Export;

/// <summary>
/// Writes a GGUF version 3 file: magic, version, tensor and key counts, the key/values, the tensor infos (name, dims in
/// ggml order, type, offset), padding to <see cref="Alignment"/>, then each tensor's bytes at its aligned offset. Tensor
/// data is produced one tensor at a time while writing, so the whole model is never held twice.
/// </summary>
internal sealed class GgufFileWriter
{
    /// <summary>The data alignment (llama.cpp's default, also written as <c>general.alignment</c>).</summary>
    public const uint Alignment = 32;

    private readonly List<(string Key, Action<BinaryWriter> Write)> _metadata = [];
    private readonly List<(string Name, long[] Dims, GgmlType Type, long Bytes, Func<byte[]> Data)> _tensors = [];

    public int TensorCount => _tensors.Count;

    public GgufFileWriter Add(string key, string value) => Put(key, w => { w.Write(8u); WriteString(w, value); });

    public GgufFileWriter Add(string key, uint value) => Put(key, w => { w.Write(4u); w.Write(value); });

    public GgufFileWriter Add(string key, float value) => Put(key, w => { w.Write(6u); w.Write(value); });

    public GgufFileWriter Add(string key, bool value) => Put(key, w => { w.Write(7u); w.Write((byte)(value ? 1 : 0)); });

    public GgufFileWriter Add(string key, IReadOnlyList<string> values) => Put(key, w =>
    {
        w.Write(9u);
        w.Write(8u);
        w.Write((ulong)values.Count);
        foreach (var v in values)
        {
            WriteString(w, v);
        }
    });

    public GgufFileWriter Add(string key, IReadOnlyList<int> values) => Put(key, w =>
    {
        w.Write(9u);
        w.Write(5u);
        w.Write((ulong)values.Count);
        foreach (var v in values)
        {
            w.Write(v);
        }
    });

    /// <summary>Adds a tensor; <paramref name="dims"/> in ggml order (ne0 first), <paramref name="data"/> called once when written.</summary>
    public GgufFileWriter Tensor(string name, long[] dims, GgmlType type, Func<byte[]> data)
    {
        var count = dims.Aggregate(1L, (a, b) => a * b);
        _tensors.Add((name, dims, type, GgmlTypes.ByteLength(type, count), data));
        return this;
    }

    /// <summary>Writes the file to <paramref name="path"/> (through a temporary file, so a failure leaves no half file).</summary>
    public void WriteTo(string path)
    {
        var temporary = path + ".partial";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
            {
                Write(w);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private void Write(BinaryWriter w)
    {
        w.Write("GGUF"u8);
        w.Write(3u);
        w.Write((ulong)_tensors.Count);
        w.Write((ulong)_metadata.Count);
        foreach (var (key, write) in _metadata)
        {
            WriteString(w, key);
            write(w);
        }

        ulong offset = 0;
        foreach (var (name, dims, type, bytes, _) in _tensors)
        {
            WriteString(w, name);
            w.Write((uint)dims.Length);
            foreach (var d in dims)
            {
                w.Write((ulong)d);
            }

            w.Write((uint)type);
            w.Write(offset);
            offset += Align((ulong)bytes);
        }

        Pad(w);
        foreach (var (name, _, _, bytes, data) in _tensors)
        {
            var content = data();
            if (content.Length != bytes)
            {
                throw new InvalidOperationException($"tensor '{name}': {content.Length} bytes written, {bytes} expected");
            }

            w.Write(content);
            Pad(w);
        }
    }

    private static ulong Align(ulong value) => (value + Alignment - 1) / Alignment * Alignment;

    private GgufFileWriter Put(string key, Action<BinaryWriter> write)
    {
        if (_metadata.Any(m => m.Key == key))
        {
            throw new InvalidOperationException($"GGUF key '{key}' written twice");
        }

        _metadata.Add((key, write));
        return this;
    }

    private static void Pad(BinaryWriter w)
    {
        while (w.BaseStream.Position % Alignment != 0)
        {
            w.Write((byte)0);
        }
    }

    private static void WriteString(BinaryWriter w, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        w.Write((ulong)bytes.Length);
        w.Write(bytes);
    }
}
