using System.Diagnostics;
using AlignLab.Server.Audit;
using Microsoft.Data.Sqlite;

namespace AlignLab.Server.Tests.Audit;

/// <summary>
/// Group commit without a writer thread (issue 14 item 18: "several thread switches per request, about one SQLite commit
/// per request"): an append to an idle log commits on the caller's thread; appends that arrive during a commit share the
/// next one, in order; errors, shutdown and locked files behave as before.
/// </summary>
public sealed class GroupCommitAuditLogTests
{
    private static AuditRecord Record(int i) =>
        new($"id-{i}", DateTimeOffset.UnixEpoch.AddSeconds(i), "c", "moderations", "a", "p", "v", "allow", false, 200, 1.5, null,
            "{\"i\":" + i + "}");

    [Fact]
    public async Task An_append_to_an_idle_sqlite_log_is_committed_before_it_returns_so_no_thread_is_woken_for_it()
    {
        // Before: a writer task took each record from a channel and completed the caller's task from another thread
        // (two thread switches per moderation request in the pinned load test at 2,000/s).
        // (Other tests running in parallel keep the thread pool busy, when a leader would let their work go first.)
        using var dir = new TempDir();
        await using var log = new SqliteAuditLog(dir.File("audit.db")) { JoinQueuedWork = false };
        for (var i = 0; i < 5; i++)
        {
            var append = log.AppendAsync(Record(i), CancellationToken.None);
            Assert.True(append.IsCompletedSuccessfully, $"append {i} was still waiting for another thread");
        }

        Assert.Equal(5, log.Commits);
        Assert.Equal(["id-4", "id-3", "id-2", "id-1", "id-0"], (await log.RecentAsync(10, CancellationToken.None)).Select(r => r.Id));
    }

    [Fact]
    public async Task No_commit_checkpoints_the_sqlite_wal_a_thread_of_its_own_does()
    {
        // Before: SQLite checkpointed inside the commit that took the WAL past 1,000 pages (about one gateway commit in
        // 180, PERFORMANCE.md), so that request, and every one queued behind its commit, waited for the copy and its fsync.
        using var dir = new TempDir();
        await using var log = new SqliteAuditLog(dir.File("audit.db")) { JoinQueuedWork = false };
        Assert.Equal(0, log.WriterAutoCheckpoint());
        const int N = 3 * SqliteAuditLog.CheckpointEvery;
        for (var i = 0; i < N; i++)
        {
            await log.AppendAsync(Record(i), CancellationToken.None);
        }

        var waited = Stopwatch.StartNew();
        while (log.CheckpointsRun == 0 && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        Assert.True(log.CheckpointsRun > 0, "the checkpoint thread never ran");
        Assert.Equal(N, await log.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Appends_made_during_a_commit_share_the_next_transaction_in_the_order_they_were_made()
    {
        await using var log = new GatedLog();
        var first = log.AppendAsync(Record(0), CancellationToken.None);
        await log.CommitStarted.WaitAsync(TimeSpan.FromSeconds(10));
        var followers = Enumerable.Range(1, 20).Select(i => log.AppendAsync(Record(i), CancellationToken.None)).ToList();
        Assert.All(followers, f => Assert.False(f.IsCompleted));

        log.Open();
        await Task.WhenAll([first, .. followers]).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, log.Commits);
        Assert.Equal([1, 20], log.Batches.Select(b => b.Count));
        Assert.Equal(Enumerable.Range(0, 21).Select(i => $"id-{i}"), log.Batches.SelectMany(b => b).Select(r => r.Id));
    }

    [Fact]
    public async Task A_failed_commit_fails_every_record_of_its_batch_and_the_log_goes_on()
    {
        await using var log = new GatedLog { FailNext = true };
        log.Open();
        var failed = log.AppendAsync(Record(0), CancellationToken.None);
        var ex = await Assert.ThrowsAsync<AuditLogException>(() => failed);
        Assert.Contains("disk on fire", ex.Message, StringComparison.Ordinal);

        await log.AppendAsync(Record(1), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["id-1"], log.Batches.SelectMany(b => b).Select(r => r.Id));
    }

    [Fact]
    public async Task A_caller_that_stops_waiting_does_not_stop_its_record_or_the_ones_behind_it()
    {
        await using var log = new GatedLog();
        var first = log.AppendAsync(Record(0), CancellationToken.None);
        await log.CommitStarted.WaitAsync(TimeSpan.FromSeconds(10));
        using var cancel = new CancellationTokenSource();
        var impatient = log.AppendAsync(Record(1), cancel.Token);
        var patient = log.AppendAsync(Record(2), CancellationToken.None);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient);

        log.Open();
        await Task.WhenAll(first, patient).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["id-0", "id-1", "id-2"], log.Batches.SelectMany(b => b).Select(r => r.Id));
    }

    [Fact]
    public async Task Dispose_commits_what_is_queued_and_later_appends_fail_as_audit_errors()
    {
        var log = new GatedLog();
        var appends = Enumerable.Range(0, 10).Select(i => log.AppendAsync(Record(i), CancellationToken.None)).ToList();
        await log.CommitStarted.WaitAsync(TimeSpan.FromSeconds(10));
        var disposing = log.DisposeAsync().AsTask();
        Assert.False(disposing.IsCompleted);

        log.Open();
        await disposing.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.WhenAll(appends);
        Assert.Equal(10, log.Batches.Sum(b => b.Count));
        await Assert.ThrowsAsync<AuditLogException>(() => log.AppendAsync(Record(99), CancellationToken.None));
    }

    [Fact]
    public async Task A_locked_sqlite_file_fails_the_append_within_the_commit_timeout_rather_than_after_thirty_seconds()
    {
        // The commit runs on the request's thread, so SQLite's wait for a lock is that request's wait: it is bounded by the
        // gateway's audit commit timeout (before, the writer retried for Microsoft.Data.Sqlite's 30 s command timeout).
        using var dir = new TempDir();
        var path = dir.File("audit.db");
        await using var log = new SqliteAuditLog(path, commitTimeout: TimeSpan.FromMilliseconds(200));
        await using var other = new SqliteConnection($"Data Source={path};Pooling=False");
        await other.OpenAsync();
        await using (var begin = other.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE";
            await begin.ExecuteNonQueryAsync();
        }

        var sw = Stopwatch.StartNew();
        await Assert.ThrowsAsync<AuditLogException>(() => log.AppendAsync(Record(0), CancellationToken.None));
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(3), $"the append failed after {sw.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>A store whose commits wait for <see cref="Open"/> (asynchronously, like a database over the network).</summary>
    private sealed class GatedLog : GroupCommitAuditLog
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<List<AuditRecord>> Batches { get; } = [];

        public bool FailNext { get; set; }

        public Task CommitStarted => _started.Task;

        public override string Description => "gated test store";

        public void Open() => _gate.TrySetResult();

        public override Task<IReadOnlyList<AuditRecord>> RecentAsync(int limit, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public override Task<IReadOnlySet<string>> FindAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public override Task<bool> IsReadyAsync(CancellationToken cancellationToken) => Task.FromResult(true);

        protected override async Task CommitBatchAsync(IReadOnlyList<AuditRecord> batch, CancellationToken cancellationToken)
        {
            _started.TrySetResult();
            await _gate.Task.WaitAsync(cancellationToken);
            if (FailNext)
            {
                FailNext = false;
                throw new IOException("disk on fire");
            }

            Batches.Add([.. batch]);
        }
    }
}
