using System.Collections.Concurrent;
using AlignLab.Server.Policies;

namespace AlignLab.Server.Profiles;

/// <summary>
/// The variants of one snapshot under the contexts and profiles requests chose, each built once on first use (the
/// names were checked against the constitution first, so there are at most contexts × profiles of them) and disposed
/// with the snapshot, once no request holds it.
/// </summary>
internal sealed class SelectionVariants(Func<PolicySnapshot, string?, string?, PolicySnapshot> build) : IDisposable
{
    private readonly ConcurrentDictionary<(string? Context, string? Profile), Lazy<PolicySnapshot>> _built = new();
    private int _disposed;

    /// <summary>How many variants have been built.</summary>
    public int Count => _built.Count;

    /// <summary>
    /// The snapshot deciding <paramref name="selection"/>: <paramref name="snapshot"/> itself for the default, or a
    /// variant whose pipeline runs with the chosen context and profile (a name not given keeps the default's).
    /// </summary>
    public PolicySnapshot For(PolicySnapshot snapshot, RequestSelection selection)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(selection);
        var options = snapshot.Pipeline.Options;
        var key = (selection.Context ?? options.Context, selection.Profile ?? options.Profile);
        if (key == (options.Context, options.Profile))
        {
            return snapshot;
        }

        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _built.GetOrAdd(key, k => new Lazy<PolicySnapshot>(() => build(snapshot, k.Context, k.Profile))).Value;
    }

    /// <summary>Disposes every variant built.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var lazy in _built.Values)
        {
            if (lazy.IsValueCreated)
            {
                lazy.Value.Dispose();
            }
        }
    }
}
