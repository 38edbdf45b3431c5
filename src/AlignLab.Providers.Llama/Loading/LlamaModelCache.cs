using AlignLab.Providers.Llama.Gguf;
using Microsoft.Extensions.Logging;

namespace AlignLab.Providers.Llama.Loading;

/// <summary>
/// Loads each GGUF file once per process and shares it: a judge and a generator naming the same file use one copy of the
/// weights. The cache owns the models; each client owns a <see cref="Lease"/>, and the last lease disposed frees the
/// weights. A file replaced on disk (other length or write time) is loaded afresh.
/// </summary>
internal sealed class LlamaModelCache
{
    private readonly Dictionary<Key, Entry> _entries = [];
    private readonly Lock _gate = new();

    public static LlamaModelCache Shared { get; } = new();

    /// <summary>How many leases are held on <paramref name="path"/> (0 when it is not loaded).</summary>
    public int Leases(string path)
    {
        lock (_gate)
        {
            return _entries.Where(e => e.Key.Path == path).Sum(e => e.Value.References);
        }
    }

    /// <summary>Takes a lease on the model in <paramref name="path"/> (a full path), loading it if no one holds it.</summary>
    public Lease Acquire(string path, GgufInfo info, ILogger logger)
    {
        var file = new FileInfo(path);
        var key = new Key(path, file.Length, file.LastWriteTimeUtc);
        Entry entry;
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out entry!))
            {
                entry = new Entry(new Lazy<LlamaModel>(() => LlamaModel.Load(path, info, logger), LazyThreadSafetyMode.ExecutionAndPublication));
                _entries.Add(key, entry);
            }

            entry.References++;
        }

        try
        {
            return new Lease(this, key, entry, entry.Model.Value);
        }
        catch
        {
            Release(key, entry);
            throw;
        }
    }

    private void Release(Key key, Entry entry)
    {
        lock (_gate)
        {
            if (--entry.References > 0)
            {
                return;
            }

            _entries.Remove(key);
        }

        if (entry.Model.IsValueCreated)
        {
            entry.Model.Value.Dispose();
        }
    }

    internal readonly record struct Key(string Path, long Length, DateTime LastWrite);

    internal sealed class Entry(Lazy<LlamaModel> model)
    {
        public Lazy<LlamaModel> Model { get; } = model;

        public int References { get; set; }
    }

    /// <summary>A client's share of a loaded model; dispose it once.</summary>
    internal sealed class Lease(LlamaModelCache cache, Key key, Entry entry, LlamaModel model) : IDisposable
    {
        private int _released;

        public LlamaModel Model { get; } = model;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                cache.Release(key, entry);
            }
        }
    }
}
