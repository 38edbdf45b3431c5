using TorchSharp;
using static TorchSharp.torch;

namespace AlignLab.Training.Models;

/// <summary>
/// The keys and values of earlier positions, per layer ([batch, kv_heads, positions, head_dim]), so decoding one token
/// more costs one position of attention input instead of the whole sequence. Owns its tensors.
/// </summary>
public sealed class KvCache : IDisposable
{
    private readonly Tensor?[] _keys;
    private readonly Tensor?[] _values;

    /// <summary>An empty cache for a model of <paramref name="layers"/> layers.</summary>
    public KvCache(int layers)
    {
        _keys = new Tensor?[layers];
        _values = new Tensor?[layers];
    }

    /// <summary>How many positions the cache holds (those of the last layer, which a forward pass updates last).</summary>
    public long Length => _keys[^1]?.shape[2] ?? 0;

    /// <summary>Appends this step's keys and values to layer <paramref name="layer"/> and returns all of them (owned by the cache).</summary>
    internal (Tensor Keys, Tensor Values) Append(int layer, Tensor keys, Tensor values)
    {
        _keys[layer] = Concatenate(_keys[layer], keys);
        _values[layer] = Concatenate(_values[layer], values);
        return (_keys[layer]!, _values[layer]!);
    }

    private static Tensor Concatenate(Tensor? previous, Tensor next)
    {
        var all = previous is null ? next.alias() : cat([previous, next], 2);
        previous?.Dispose();
        return all.DetachFromDisposeScope();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var tensor in _keys.Concat(_values))
        {
            tensor?.Dispose();
        }

        Array.Clear(_keys);
        Array.Clear(_values);
    }
}
