using System.Text;

namespace AlignLab.Encoders.Heads;

/// <summary>Reads and writes <see cref="ContextualHead"/> files (<c>.alch</c>: little-endian, float32 weights).</summary>
public static class ContextualHeadFile
{
    private const int Magic = 0x48434C41; // "ALCH"
    private const int Version = 1;

    /// <summary>Writes a head.</summary>
    public static void Save(ContextualHead head, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(head);
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        w.Write(Magic);
        w.Write(Version);
        w.Write(head.Encoder);
        w.Write(head.FastModelDigest);
        var h = head.Weights;
        w.Write(h.Dimensions);
        w.Write(h.HiddenUnits);
        WriteArray(w, h.Hidden);
        WriteArray(w, h.HiddenBias);
        WriteArray(w, h.Output);
        w.Write(h.OutputBias);
        w.Write(head.Stack.Fast);
        w.Write(head.Stack.Context);
        w.Write(head.Stack.Bias);
        w.Write(head.Stack.Threshold);
    }

    /// <summary>Reads a head.</summary>
    /// <exception cref="InvalidDataException">The stream is not a head file of this version, or holds a non-finite value.</exception>
    public static ContextualHead Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            if (r.ReadInt32() != Magic)
            {
                throw new InvalidDataException("not a contextual head file (no ALCH header)");
            }

            var version = r.ReadInt32();
            if (version != Version)
            {
                throw new InvalidDataException($"contextual head file version {version} is not supported (expected {Version})");
            }

            var encoder = r.ReadString();
            var digest = r.ReadString();
            var dimensions = r.ReadInt32();
            var hidden = r.ReadInt32();
            if (dimensions is < 1 or > 8192 || hidden is < 0 or > 4096)
            {
                throw new InvalidDataException($"contextual head has an implausible shape ({dimensions} dimensions, {hidden} hidden units)");
            }

            var weights = new HeadWeights(dimensions, hidden, ReadArray(r, hidden * dimensions), ReadArray(r, hidden), ReadArray(r, hidden == 0 ? dimensions : hidden),
                r.ReadSingle());
            var stack = new StackWeights(r.ReadSingle(), r.ReadSingle(), r.ReadSingle(), r.ReadSingle());
            var scalars = new[] { weights.OutputBias, stack.Fast, stack.Context, stack.Bias, stack.Threshold };
            if (!scalars.Concat(weights.Hidden).Concat(weights.HiddenBias).Concat(weights.Output).All(float.IsFinite))
            {
                throw new InvalidDataException("contextual head holds a non-finite weight");
            }

            return new ContextualHead(weights, stack, encoder, digest);
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("contextual head file is truncated", ex);
        }
    }

    private static void WriteArray(BinaryWriter w, float[] values)
    {
        w.Write(values.Length);
        foreach (var v in values)
        {
            w.Write(v);
        }
    }

    private static float[] ReadArray(BinaryReader r, int expected)
    {
        var n = r.ReadInt32();
        if (n != expected)
        {
            throw new InvalidDataException($"contextual head array of {n} values where {expected} were expected");
        }

        var values = new float[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = r.ReadSingle();
        }

        return values;
    }
}
