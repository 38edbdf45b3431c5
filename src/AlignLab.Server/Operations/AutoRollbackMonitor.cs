using System.Globalization;
using AlignLab.Server.Audit;
using Microsoft.Extensions.Logging;

namespace AlignLab.Server.Operations;

/// <summary>
/// Watches each policy change for <see cref="AutoRollbackOptions.Window"/>: every content decision of the arm's new
/// version (on this replica) is counted, and once <see cref="AutoRollbackOptions.MinRequests"/> are in, the bounds are
/// judged after each one. The first breach calls <see cref="Breached"/> once (the gateway rolls back); a watch whose
/// window has passed is kept. Thread-safe; with auto-rollback off, observing costs one branch.
/// </summary>
internal sealed class AutoRollbackMonitor(AutoRollbackOptions options, TimeProvider time, ILogger logger)
{
    private const int MaxServedVersions = 64;

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Arm, string Version), (long Requests, long Blocked)> _served = [];
    private readonly Dictionary<string, ChangeWatch> _watches = new(StringComparer.Ordinal);

    /// <summary>Called (on the thread pool) with the watch and the bound breached; set by the gateway.</summary>
    public Func<ChangeWatch, Task>? Breached { get; set; }

    public AutoRollbackOptions Options => options;

    /// <summary>Counts one content decision.</summary>
    public void Observe(AuditRecord record, bool blocked)
    {
        if (!options.Enabled)
        {
            return;
        }

        ArgumentNullException.ThrowIfNull(record);
        ChangeWatch? fire = null;
        ChangeWatch? kept = null;
        var now = time.GetUtcNow();
        lock (_gate)
        {
            var key = (record.Arm, record.PolicyVersion);
            if (!_served.TryGetValue(key, out var served) && _served.Count >= MaxServedVersions)
            {
                _served.Clear();
            }

            _served[key] = (served.Requests + 1, served.Blocked + (blocked ? 1 : 0));
            if (_watches.TryGetValue(record.Arm, out var w) && w.State == "watching" && w.NewVersion == record.PolicyVersion)
            {
                if (now > w.Deadline)
                {
                    w.State = "kept";
                    kept = w;
                }
                else
                {
                    w.Add(blocked, record.Status >= 500, record.LatencyMs);
                    if (Judge(w) is { } breach)
                    {
                        w.State = "breached";
                        w.Breach = breach;
                        fire = w;
                    }
                }
            }
        }

        if (kept is not null)
        {
            OperationsLog.Kept(logger, kept.Arm, kept.NewVersion);
        }

        if (fire is not null && Breached is { } handler)
        {
            _ = Task.Run(() => handler(fire));
        }
    }

    /// <summary>Counts a review decision on an item queued at <paramref name="queuedAt"/>; approving it overturns the guard.</summary>
    public void ObserveReview(DateTimeOffset queuedAt, bool overturned)
    {
        if (!options.Enabled || options.MaxReviewOverturnRate is null)
        {
            return;
        }

        var fired = new List<ChangeWatch>();
        var now = time.GetUtcNow();
        lock (_gate)
        {
            foreach (var w in _watches.Values)
            {
                if (w.State == "watching" && queuedAt >= w.StartedAt && now <= w.Deadline)
                {
                    w.AddReview(overturned);
                    if (Judge(w) is { } breach)
                    {
                        w.State = "breached";
                        w.Breach = breach;
                        fired.Add(w);
                    }
                }
            }
        }

        foreach (var w in fired)
        {
            if (Breached is { } handler)
            {
                _ = Task.Run(() => handler(w));
            }
        }
    }

    /// <summary>The decisions and blocks this replica has counted for a version of an arm.</summary>
    public (long Requests, long Blocked) Served(string arm, string version)
    {
        lock (_gate)
        {
            return _served.GetValueOrDefault((arm, version));
        }
    }

    /// <summary>Starts watching a change (replacing any watch of the arm); null when auto-rollback is off.</summary>
    public ChangeWatch? Start(string arm, string previousVersion, string? previousYaml, string previousOrigin, string newVersion,
        long baselineRequests, long baselineBlocked)
    {
        if (!options.Enabled)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var watch = new ChangeWatch(arm, previousVersion, previousYaml, previousOrigin, newVersion, now, now + options.Window,
            baselineRequests, baselineBlocked);
        lock (_gate)
        {
            if (_watches.TryGetValue(arm, out var old) && old.State == "watching")
            {
                old.State = "superseded";
            }

            _watches[arm] = watch;
        }

        OperationsLog.Watching(logger, arm, newVersion, options.Window.TotalSeconds, previousVersion);
        return watch;
    }

    /// <summary>Stops watching an arm (a manual rollback); the watch keeps its last state.</summary>
    public void Stop(string arm)
    {
        lock (_gate)
        {
            if (_watches.Remove(arm, out var w) && w.State == "watching")
            {
                w.State = "superseded";
            }
        }
    }

    /// <summary>The arm's latest watch, or null; one whose window has passed reads as kept.</summary>
    public ChangeWatch? Current(string arm)
    {
        lock (_gate)
        {
            if (!_watches.TryGetValue(arm, out var w))
            {
                return null;
            }

            if (w.State == "watching" && time.GetUtcNow() > w.Deadline)
            {
                w.State = "kept";
            }

            return w;
        }
    }

    /// <summary>The first bound the watch breaches, described, or null.</summary>
    private string? Judge(ChangeWatch w)
    {
        var o = options;
        if (w.Requests >= o.MinRequests)
        {
            var blockRate = (double)w.Blocked / w.Requests;
            if (o.MaxBlockRateIncrease is { } jump && w.BaselineRequests >= o.MinRequests)
            {
                var baseline = (double)w.BaselineBlocked / w.BaselineRequests;
                if (blockRate - baseline > jump)
                {
                    return Text($"block rate {blockRate:P1} over {w.Requests} decisions against {baseline:P1} for {w.PreviousVersion} ")
                        + Text($"(bound: +{jump * 100:0.#} points)");
                }
            }

            var errorRate = (double)w.Errors / w.Requests;
            if (o.MaxErrorRate is { } maxError && errorRate > maxError)
            {
                return Text($"error rate {errorRate:P1} over {w.Requests} decisions (bound: {maxError:P1})");
            }

            if (o.MaxLatencyP99Ms is { } maxP99 && w.Latency.Quantile(0.99) is { } p99 && p99 > maxP99)
            {
                return Text($"latency p99 {p99:0.#} ms over {w.Requests} decisions (bound: {maxP99:0.#} ms)");
            }
        }

        if (o.MaxReviewOverturnRate is { } maxOverturn && w.Reviews >= o.MinReviews)
        {
            var rate = (double)w.Overturned / w.Reviews;
            if (rate > maxOverturn)
            {
                return Text($"review overturn rate {rate:P1} over {w.Reviews} decisions (bound: {maxOverturn:P1})");
            }
        }

        return null;
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
