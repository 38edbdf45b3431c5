using AlignLab.Server.Audit.Analytics;

namespace AlignLab.Server.Operations;

/// <summary>
/// One policy change under watch (see <see cref="AutoRollbackMonitor"/>): the new version's decisions on this replica
/// since the change, and what to go back to. Mutated only under the monitor's lock.
/// </summary>
internal sealed class ChangeWatch(string arm, string previousVersion, string? previousYaml, string previousOrigin, string newVersion,
    DateTimeOffset startedAt, DateTimeOffset deadline, long baselineRequests, long baselineBlocked)
{
    public string Arm { get; } = arm;

    public string PreviousVersion { get; } = previousVersion;

    public string? PreviousYaml { get; } = previousYaml;

    public string PreviousOrigin { get; } = previousOrigin;

    public string NewVersion { get; } = newVersion;

    public DateTimeOffset StartedAt { get; } = startedAt;

    public DateTimeOffset Deadline { get; } = deadline;

    public long BaselineRequests { get; } = baselineRequests;

    public long BaselineBlocked { get; } = baselineBlocked;

    public long Requests { get; private set; }

    public long Blocked { get; private set; }

    public long Errors { get; private set; }

    public LatencySketch Latency { get; } = new();

    public long Reviews { get; private set; }

    public long Overturned { get; private set; }

    /// <summary>watching, kept, rolled_back, rollback_failed or superseded.</summary>
    public string State { get; set; } = "watching";

    /// <summary>The bound breached, once one is.</summary>
    public string? Breach { get; set; }

    public void Add(bool blocked, bool error, double latencyMs)
    {
        Requests++;
        Blocked += blocked ? 1 : 0;
        Errors += error ? 1 : 0;
        Latency.Add(latencyMs);
    }

    public void AddReview(bool overturned)
    {
        Reviews++;
        Overturned += overturned ? 1 : 0;
    }
}
