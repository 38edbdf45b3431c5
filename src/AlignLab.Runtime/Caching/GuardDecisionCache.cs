namespace AlignLab.Runtime.Caching;

/// <summary>
/// A thread-safe, size-bounded cache of guard decisions with a time to live: least-recently-used eviction beyond
/// <see cref="GuardDecisionCacheOptions.MaxEntries"/>, expiry after <see cref="GuardDecisionCacheOptions.TimeToLive"/>
/// measured with a <see cref="TimeProvider"/>. <see cref="GetOrAddAsync"/> is single-flight: concurrent callers for the
/// same key share one factory call. Keys are <see cref="GuardCacheKey"/>s, which hold a digest of the text, never the text.
/// </summary>
/// <typeparam name="TValue">The cached decision.</typeparam>
public sealed class GuardDecisionCache<TValue>
{
    private readonly Lock _gate = new();
    private readonly Dictionary<GuardCacheKey, LinkedListNode<Entry>> _map = [];
    private readonly LinkedList<Entry> _lru = []; // most recently used first
    private readonly Dictionary<GuardCacheKey, Flight> _inflight = [];
    private readonly TimeProvider _time;
    private readonly int _maxEntries;
    private readonly TimeSpan _ttl;
    private long _hits;
    private long _misses;
    private long _evictions;

    /// <summary>Creates an empty cache; <paramref name="options"/> are validated, <paramref name="timeProvider"/> defaults to <see cref="TimeProvider.System"/>.</summary>
    public GuardDecisionCache(GuardDecisionCacheOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _maxEntries = options.MaxEntries;
        _ttl = options.TimeToLive;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>How many unexpired entries the cache holds (expired ones are purged by this call).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                var now = _time.GetUtcNow();
                var node = _lru.First;
                while (node is not null)
                {
                    var next = node.Next;
                    if (node.Value.ExpiresAt <= now)
                    {
                        RemoveLocked(node);
                    }

                    node = next;
                }

                return _map.Count;
            }
        }
    }

    /// <summary>Lookups answered from the cache.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Lookups not answered from the cache (absent or expired).</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Entries removed to respect <see cref="GuardDecisionCacheOptions.MaxEntries"/>.</summary>
    public long Evictions => Interlocked.Read(ref _evictions);

    /// <summary>The cached value for <paramref name="key"/> when there is an unexpired one (it becomes the most recently used).</summary>
    public bool TryGet(GuardCacheKey key, out TValue value)
    {
        lock (_gate)
        {
            return TryGetLocked(key, out value);
        }
    }

    /// <summary>Stores <paramref name="value"/> for <paramref name="key"/> (replacing any entry), evicting the least recently used entry when full.</summary>
    public void Set(GuardCacheKey key, TValue value)
    {
        lock (_gate)
        {
            SetLocked(key, value);
        }
    }

    /// <summary>Removes every entry (counters are kept; calls in flight still complete and store their result).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _map.Clear();
            _lru.Clear();
        }
    }

    /// <summary>
    /// The cached value for <paramref name="key"/>, or the factory's result, which is then cached. Concurrent callers
    /// for the same key share one factory call and its result or exception (exceptions are not cached).
    /// <paramref name="cancellationToken"/> stops this caller's wait; the factory's token is cancelled only when every
    /// caller waiting for it has cancelled.
    /// </summary>
    public async ValueTask<TValue> GetOrAddAsync(GuardCacheKey key, Func<CancellationToken, ValueTask<TValue>> factory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        cancellationToken.ThrowIfCancellationRequested();
        Flight flight;
        var owner = false;
        lock (_gate)
        {
            if (TryGetLocked(key, out var cached))
            {
                return cached;
            }

            if (!_inflight.TryGetValue(key, out flight!) || flight.Waiters == 0)
            {
                flight = new Flight();
                _inflight[key] = flight;
                owner = true;
            }

            flight.Waiters++;
        }

        if (owner)
        {
            _ = RunAsync(key, flight, factory);
        }

        try
        {
            return await flight.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Leave(key, flight);
            throw;
        }
    }

    private async Task RunAsync(GuardCacheKey key, Flight flight, Func<CancellationToken, ValueTask<TValue>> factory)
    {
        try
        {
            var value = await factory(flight.Cancellation.Token).ConfigureAwait(false);
            lock (_gate)
            {
                SetLocked(key, value);
                RemoveFlightLocked(key, flight);
            }

            flight.Completion.TrySetResult(value);
        }
        catch (OperationCanceledException) when (flight.Cancellation.IsCancellationRequested)
        {
            lock (_gate)
            {
                RemoveFlightLocked(key, flight);
            }

            flight.Completion.TrySetCanceled(flight.Cancellation.Token);
        }
        catch (Exception ex)
        {
            lock (_gate)
            {
                RemoveFlightLocked(key, flight);
            }

            flight.Completion.TrySetException(ex);
            _ = flight.Completion.Task.Exception; // observed: a failure nobody waits for is not an unobserved exception
        }
        finally
        {
            flight.Cancellation.Dispose();
        }
    }

    private void Leave(GuardCacheKey key, Flight flight)
    {
        bool cancel;
        lock (_gate)
        {
            flight.Waiters--;
            cancel = flight.Waiters == 0 && !flight.Completion.Task.IsCompleted;
            if (cancel)
            {
                RemoveFlightLocked(key, flight);
            }
        }

        if (cancel)
        {
            try
            {
                flight.Cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // the factory finished meanwhile
            }
        }
    }

    private void RemoveFlightLocked(GuardCacheKey key, Flight flight)
    {
        if (_inflight.TryGetValue(key, out var current) && ReferenceEquals(current, flight))
        {
            _inflight.Remove(key);
        }
    }

    private bool TryGetLocked(GuardCacheKey key, out TValue value)
    {
        if (_map.TryGetValue(key, out var node))
        {
            if (node.Value.ExpiresAt > _time.GetUtcNow())
            {
                _lru.Remove(node);
                _lru.AddFirst(node);
                _hits++;
                value = node.Value.Value;
                return true;
            }

            RemoveLocked(node);
        }

        _misses++;
        value = default!;
        return false;
    }

    private void SetLocked(GuardCacheKey key, TValue value)
    {
        var entry = new Entry(key, value, _time.GetUtcNow() + _ttl);
        if (_map.TryGetValue(key, out var node))
        {
            node.Value = entry;
            _lru.Remove(node);
            _lru.AddFirst(node);
            return;
        }

        _map[key] = _lru.AddFirst(entry);
        while (_map.Count > _maxEntries)
        {
            RemoveLocked(_lru.Last!);
            _evictions++;
        }
    }

    private void RemoveLocked(LinkedListNode<Entry> node)
    {
        _map.Remove(node.Value.Key);
        _lru.Remove(node);
    }

    private readonly record struct Entry(GuardCacheKey Key, TValue Value, DateTimeOffset ExpiresAt);

    private sealed class Flight
    {
        public TaskCompletionSource<TValue> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenSource Cancellation { get; } = new();

        public int Waiters { get; set; }
    }
}
