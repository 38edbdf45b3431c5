using AlignLab.Server.Audit;
using AlignLab.Server.Operations;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AlignLab.Server.Tests.Operations;

/// <summary>Each guard bound of the auto-rollback monitor, one at a time.</summary>
public sealed class AutoRollbackMonitorTests
{
    private static AuditRecord Decision(string version, int status = 200, double latencyMs = 5) =>
        new(Guid.NewGuid().ToString("N"), DateTimeOffset.UnixEpoch, "k", "check", "a", "p", version, "allow", false, status, latencyMs, null, "{}");

    private static (AutoRollbackMonitor Monitor, TaskCompletionSource<ChangeWatch> Fired) Create(AutoRollbackOptions options, FakeTimeProvider time)
    {
        var fired = new TaskCompletionSource<ChangeWatch>(TaskCreationOptions.RunContinuationsAsynchronously);
        var monitor = new AutoRollbackMonitor(options, time, NullLogger.Instance) { Breached = w =>
            { fired.TrySetResult(w); return Task.CompletedTask; } };
        return (monitor, fired);
    }

    [Fact]
    public async Task An_error_rate_above_its_bound_fires_once_the_minimum_is_in()
    {
        var time = new FakeTimeProvider();
        var (monitor, fired) = Create(new AutoRollbackOptions { Enabled = true, MinRequests = 10, MaxErrorRate = 0.2, MaxBlockRateIncrease = null },
            time);
        monitor.Start("a", "old", "x: 1", "file", "new", 0, 0);
        for (var i = 0; i < 9; i++)
        {
            monitor.Observe(Decision("new", status: 502), blocked: false);
        }

        Assert.False(fired.Task.IsCompleted);
        monitor.Observe(Decision("new", status: 502), blocked: false);
        var watch = await fired.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("error rate 100.0", watch.Breach, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_slow_p99_fires_and_decisions_of_other_versions_do_not_count()
    {
        var time = new FakeTimeProvider();
        var (monitor, fired) = Create(new AutoRollbackOptions { Enabled = true, MinRequests = 10, MaxLatencyP99Ms = 100 }, time);
        monitor.Start("a", "old", "x: 1", "file", "new", 0, 0);
        for (var i = 0; i < 50; i++)
        {
            monitor.Observe(Decision("old", latencyMs: 5_000), blocked: true);
        }

        Assert.False(fired.Task.IsCompleted);
        for (var i = 0; i < 10; i++)
        {
            monitor.Observe(Decision("new", latencyMs: i == 9 ? 900 : 10), blocked: false);
        }

        var watch = await fired.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("latency p99", watch.Breach, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reviewers_overturning_the_new_version_fire_the_overturn_bound()
    {
        var time = new FakeTimeProvider();
        var (monitor, fired) = Create(new AutoRollbackOptions { Enabled = true, MaxReviewOverturnRate = 0.5, MinReviews = 4,
            MaxBlockRateIncrease = null }, time);
        var watch = monitor.Start("a", "old", "x: 1", "file", "new", 0, 0)!;
        monitor.ObserveReview(watch.StartedAt.AddMinutes(-1), overturned: true); // queued before the change: not counted
        for (var i = 0; i < 4; i++)
        {
            monitor.ObserveReview(watch.StartedAt, overturned: i < 3);
        }

        Assert.Contains("review overturn rate 75.0", (await fired.Task.WaitAsync(TimeSpan.FromSeconds(10))).Breach, StringComparison.Ordinal);
    }

    [Fact]
    public void A_block_rate_jump_is_not_judged_without_a_baseline()
    {
        var time = new FakeTimeProvider();
        var (monitor, fired) = Create(new AutoRollbackOptions { Enabled = true, MinRequests = 10, MaxBlockRateIncrease = 0.1, MaxErrorRate = null },
            time);
        monitor.Start("a", "old", "x: 1", "file", "new", baselineRequests: 3, baselineBlocked: 0);
        for (var i = 0; i < 30; i++)
        {
            monitor.Observe(Decision("new"), blocked: true);
        }

        Assert.False(fired.Task.IsCompleted);
        Assert.Equal("watching", monitor.Current("a")!.State);
    }

    [Fact]
    public void Invalid_options_are_all_reported()
    {
        var problems = new AutoRollbackOptions
        {
            Enabled = true, Window = TimeSpan.Zero, MinRequests = 0, MaxBlockRateIncrease = 1.5, MaxErrorRate = double.NaN, MaxLatencyP99Ms = -1,
        }.Validate();
        Assert.Equal(5, problems.Count);
        Assert.Contains(problems, p => p.Contains("max_block_rate_increase", StringComparison.Ordinal));
        Assert.Single(new AutoRollbackOptions { Enabled = true, MaxBlockRateIncrease = null, MaxErrorRate = null }.Validate());
    }
}
