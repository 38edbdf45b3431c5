using System.Security.Cryptography;
using System.Text;

namespace AlignLab.Encoders.Training;

/// <summary>
/// Embeddings of texts keyed by the SHA-256 of the text, so that retraining heads does not re-run the encoder (which
/// is most of the cost). Bound to one encoder and window setting by <see cref="Signature"/>; a file of another
/// signature is ignored. Not thread-safe.
/// </summary>
public sealed class EmbeddingCache(string signature)
{
    private const int Magic = 0x43454C41; // "ALEC"
    private readonly Dictionary<string, float[]> _vectors = new(StringComparer.Ordinal);

    /// <summary>Encoder name and windowing the vectors were made with.</summary>
    public string Signature { get; } = signature;

    /// <summary>Vectors held.</summary>
    public int Count => _vectors.Count;

    /// <summary>Reads a cache file; an absent file or one of another signature gives an empty cache.</summary>
    public static EmbeddingCache Load(string path, string signature)
    {
        var cache = new EmbeddingCache(signature);
        if (!File.Exists(path))
        {
            return cache;
        }

        using var r = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
        if (r.ReadInt32() != Magic || r.ReadString() != signature)
        {
            return cache;
        }

        var count = r.ReadInt32();
        var dimensions = r.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            var key = r.ReadString();
            var v = new float[dimensions];
            for (var k = 0; k < dimensions; k++)
            {
                v[k] = r.ReadSingle();
            }

            cache._vectors[key] = v;
        }

        return cache;
    }

    /// <summary>Writes the cache.</summary>
    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var w = new BinaryWriter(File.Create(path), Encoding.UTF8);
        w.Write(Magic);
        w.Write(Signature);
        w.Write(_vectors.Count);
        w.Write(_vectors.Count == 0 ? 0 : _vectors.First().Value.Length);
        foreach (var (key, v) in _vectors)
        {
            w.Write(key);
            foreach (var x in v)
            {
                w.Write(x);
            }
        }
    }

    /// <summary>The embeddings of <paramref name="texts"/>, computing (in batches) only those not yet held.</summary>
    public float[][] GetOrCompute(IReadOnlyList<string> texts, Func<IReadOnlyList<string>, float[][]> embed)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(embed);
        var keys = texts.Select(Key).ToArray();
        var missing = keys.Select((k, i) => (k, i)).Where(p => !_vectors.ContainsKey(p.k)).GroupBy(p => p.k).Select(g => g.First().i).ToList();
        if (missing.Count > 0)
        {
            var vectors = embed(missing.Select(i => texts[i]).ToList());
            for (var j = 0; j < missing.Count; j++)
            {
                _vectors[keys[missing[j]]] = vectors[j];
            }
        }

        return keys.Select(k => _vectors[k]).ToArray();
    }

    private static string Key(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text ?? string.Empty)));
}
