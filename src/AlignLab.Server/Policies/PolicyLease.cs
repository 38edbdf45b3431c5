namespace AlignLab.Server.Policies;

/// <summary>
/// A request's hold on the snapshot it started with (<see cref="PolicyArm.Acquire"/>): while any lease is open, a
/// replaced snapshot stays usable; the last lease to close after a reload disposes it. Dispose it when the request ends
/// (after the last streamed chunk); disposing it twice does nothing.
/// </summary>
public sealed class PolicyLease : IDisposable
{
    private PolicyArm.Holder? _holder;

    internal PolicyLease(PolicyArm.Holder holder)
    {
        _holder = holder;
        Snapshot = holder.Snapshot;
    }

    /// <summary>The snapshot held.</summary>
    public PolicySnapshot Snapshot { get; }

    /// <summary>Releases the hold.</summary>
    public void Dispose() => Interlocked.Exchange(ref _holder, null)?.Release();
}
