using System.Text;

namespace AlignLab.Testing.Gguf;

/// <summary>
/// Writes GGUF version 3 files for tests: magic, version, tensor count, metadata count, the metadata key/values, the
/// tensor infos, padding to the alignment, then each tensor's data at its aligned offset. Only the value types the tiny
/// test models need (u32, i32, f32, bool, string and arrays of i32, f32 and strings) and F32 tensors.
/// </summary>
public sealed class GgufWriter
{
    internal const uint Alignment = 32;

    private readonly List<(string Key, Action<BinaryWriter> Write)> _metadata = [];
    private readonly List<(string Name, long[] Dims, float[] Data)> _tensors = [];

    public GgufWriter Add(string key, string value) => Put(key, w => { w.Write(8u); WriteString(w, value); });

    public GgufWriter Add(string key, uint value) => Put(key, w => { w.Write(4u); w.Write(value); });

    public GgufWriter Add(string key, float value) => Put(key, w => { w.Write(6u); w.Write(value); });

    public GgufWriter Add(string key, bool value) => Put(key, w => { w.Write(7u); w.Write((byte)(value ? 1 : 0)); });

    public GgufWriter Add(string key, IReadOnlyList<string> values) => Put(key, w =>
    {
        w.Write(9u);
        w.Write(8u);
        w.Write((ulong)values.Count);
        foreach (var v in values)
        {
            WriteString(w, v);
        }
    });

    public GgufWriter Add(string key, IReadOnlyList<float> values) => Put(key, w =>
    {
        w.Write(9u);
        w.Write(6u);
        w.Write((ulong)values.Count);
        foreach (var v in values)
        {
            w.Write(v);
        }
    });

    public GgufWriter Add(string key, IReadOnlyList<int> values) => Put(key, w =>
    {
        w.Write(9u);
        w.Write(5u);
        w.Write((ulong)values.Count);
        foreach (var v in values)
        {
            w.Write(v);
        }
    });

    /// <summary>Adds an F32 tensor; <paramref name="dims"/> in ggml order (ne0 first: a [out, in] matrix is { in, out }).</summary>
    public GgufWriter Tensor(string name, long[] dims, float[] data)
    {
        if (dims.Aggregate(1L, (a, b) => a * b) != data.Length)
        {
            throw new ArgumentException($"tensor {name}: {data.Length} values for dims {string.Join('x', dims)}");
        }

        _tensors.Add((name, dims, data));
        return this;
    }

    public byte[] ToArray()
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
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
            foreach (var (name, dims, data) in _tensors)
            {
                WriteString(w, name);
                w.Write((uint)dims.Length);
                foreach (var d in dims)
                {
                    w.Write((ulong)d);
                }

                w.Write(0u); // GGML_TYPE_F32
                w.Write(offset);
                offset += Align((ulong)data.Length * 4);
            }

            Pad(w);
            foreach (var (_, _, data) in _tensors)
            {
                foreach (var v in data)
                {
                    w.Write(v);
                }

                Pad(w);
            }
        }

        return stream.ToArray();
    }

    public string WriteTo(string path)
    {
        File.WriteAllBytes(path, ToArray());
        return path;
    }

    private static ulong Align(ulong value) => (value + Alignment - 1) / Alignment * Alignment;

    private GgufWriter Put(string key, Action<BinaryWriter> write)
    {
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
