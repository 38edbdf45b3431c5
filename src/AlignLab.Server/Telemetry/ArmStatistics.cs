namespace AlignLab.Server.Telemetry;

/// <summary>Running per-arm counts for the A/B comparison (<c>/api/arms</c>); thread-safe.</summary>
public sealed class ArmStatistics
{
    private long _requests;
    private long _flagged;
    private long _blocked;
    private long _errors;
    private long _latencyMicros;

    /// <summary>Requests decided.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Requests whose content was flagged.</summary>
    public long Flagged => Interlocked.Read(ref _flagged);

    /// <summary>Requests refused or blocked.</summary>
    public long Blocked => Interlocked.Read(ref _blocked);

    /// <summary>Requests that failed (upstream or audit errors).</summary>
    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>Mean handling time in milliseconds.</summary>
    public double MeanLatencyMs => Requests == 0 ? 0 : Interlocked.Read(ref _latencyMicros) / 1000.0 / Requests;

    /// <summary>Adds one request.</summary>
    public void Record(bool flagged, bool blocked, bool error, double latencyMs)
    {
        Interlocked.Increment(ref _requests);
        if (flagged)
        {
            Interlocked.Increment(ref _flagged);
        }

        if (blocked)
        {
            Interlocked.Increment(ref _blocked);
        }

        if (error)
        {
            Interlocked.Increment(ref _errors);
        }

        Interlocked.Add(ref _latencyMicros, (long)(latencyMs * 1000));
    }
}
