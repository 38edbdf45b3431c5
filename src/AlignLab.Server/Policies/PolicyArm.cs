namespace AlignLab.Server.Policies;

/// <summary>
/// One arm of the gateway: a policy file and the snapshot now serving it. Requests that run the snapshot's pipeline or
/// clients take a <see cref="PolicyLease"/> with <see cref="Acquire"/>; a reload retires the old snapshot, which is
/// disposed when its last lease closes (at once when none is open).
/// </summary>
public sealed class PolicyArm : IDisposable
{
    private Holder _current;

    internal PolicyArm(string name, string? path, PolicySnapshot initial)
    {
        Name = name;
        Path = path;
        _current = new Holder(initial);
    }

    /// <summary>"a" or "b".</summary>
    public string Name { get; }

    /// <summary>The file reloads read from (null: the embedded default, which cannot be reloaded from disk).</summary>
    public string? Path { get; }

    /// <summary>
    /// The snapshot serving now, for its description (version, constitution, source). Its pipeline and clients may be
    /// disposed by a reload at any moment: use <see cref="Acquire"/> to run them.
    /// </summary>
    public PolicySnapshot Current => Volatile.Read(ref _current).Snapshot;

    /// <summary>Holds the serving snapshot until the lease is disposed.</summary>
    /// <exception cref="ObjectDisposedException">The arm was disposed and its last snapshot released.</exception>
    public PolicyLease Acquire()
    {
        while (true)
        {
            var holder = Volatile.Read(ref _current);
            if (holder.TryAddRef())
            {
                return new PolicyLease(holder);
            }

            // Retired and released between the read and the increment: a swap has already published the next one, unless
            // the arm itself was disposed, which publishes none (looping would then spin for ever).
            if (ReferenceEquals(Volatile.Read(ref _current), holder))
            {
                throw new ObjectDisposedException(nameof(PolicyArm), $"policy arm '{Name}' was disposed (the gateway is shutting down)");
            }
        }
    }

    /// <summary>Serves <paramref name="next"/> from now on and retires the snapshot it replaces.</summary>
    internal void Swap(PolicySnapshot next) => Interlocked.Exchange(ref _current, new Holder(next)).Retire();

    /// <summary>Retires the serving snapshot (at shutdown): it is disposed when the last open lease closes.</summary>
    public void Dispose() => Volatile.Read(ref _current).Retire();

    /// <summary>A snapshot with its reference count: one for the arm while it serves, one per open lease.</summary>
    internal sealed class Holder(PolicySnapshot snapshot)
    {
        private int _references = 1;
        private int _retired;

        public PolicySnapshot Snapshot { get; } = snapshot;

        public bool TryAddRef()
        {
            var seen = Volatile.Read(ref _references);
            while (seen > 0)
            {
                var previous = Interlocked.CompareExchange(ref _references, seen + 1, seen);
                if (previous == seen)
                {
                    return true;
                }

                seen = previous;
            }

            return false;
        }

        /// <summary>Drops the arm's reference, once.</summary>
        public void Retire()
        {
            if (Interlocked.Exchange(ref _retired, 1) == 0)
            {
                Release();
            }
        }

        public void Release()
        {
            if (Interlocked.Decrement(ref _references) == 0)
            {
                Snapshot.Dispose();
            }
        }
    }
}
