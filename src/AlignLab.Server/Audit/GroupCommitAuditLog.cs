namespace AlignLab.Server.Audit;

/// <summary>
/// Group commit without a writer thread: callers queue records and wait; whoever finds no commit running commits
/// whatever has queued up in one transaction (its own record first in line), releases every waiter of that batch, and
/// goes on while more is queued. A response is sent only after its record is committed, so a crash can lose only
/// requests that had not been answered yet.
/// </summary>
/// <remarks>
/// With a store that commits synchronously (SQLite), an append that finds the log idle commits on the caller's own
/// thread and completes before it returns: no thread is woken for it. Appends that arrive during a commit are
/// followers; the next batch carries them. The caller that led commits at most <see cref="InlineBatches"/> batches before
/// it hands the rest to a thread-pool work item, so its own answer waits for one batch more at most. When work is already
/// queued on the thread pool (the gateway is behind), the leader lets it run first, so those requests join its batch.
/// Records are committed in the order their appends were queued.
/// </remarks>
public abstract class GroupCommitAuditLog : IAuditLog
{
    /// <summary>Most records committed in one transaction.</summary>
    public const int MaxBatch = 512;

    /// <summary>Most records queued and not yet committed; further appends wait for room.</summary>
    public const int MaxQueued = 16_384;

    /// <summary>Batches that an appending caller commits on its own thread before handing the queue to the thread pool.</summary>
    public const int InlineBatches = 2;

    private readonly Lock _lock = new();
    private readonly Queue<Pending> _queue = new();
    private readonly SemaphoreSlim _room = new(MaxQueued, MaxQueued);
    private readonly CancellationTokenSource _stop = new();

    // Touched only by the one drain that runs at a time.
    private readonly List<Pending> _batch = new(MaxBatch);
    private readonly List<AuditRecord> _records = new(MaxBatch);

    private bool _draining;
    private bool _closed;
    private TaskCompletionSource? _drained;
    private long _commits;

    /// <inheritdoc />
    public abstract string Description { get; }

    /// <summary>Whether a leader lets work already queued on the thread pool run first (on; tests of the inline path turn it off).</summary>
    internal bool JoinQueuedWork { get; init; } = true;

    /// <summary>Number of transactions committed so far (for tests and metrics).</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <inheritdoc />
    public Task AppendAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return _room.Wait(0) ? Enqueue(record, cancellationToken) : AppendWhenRoomAsync(record, cancellationToken);
    }

    /// <inheritdoc />
    public abstract Task<IReadOnlyList<AuditRecord>> RecentAsync(int limit, CancellationToken cancellationToken);

    /// <inheritdoc />
    public abstract Task<IReadOnlySet<string>> FindAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken);

    /// <inheritdoc />
    public abstract Task<bool> IsReadyAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Commits a batch in one transaction; throwing fails every record of the batch. Calls never overlap, but
    /// successive calls may come from different threads.
    /// </summary>
    protected abstract Task CommitBatchAsync(IReadOnlyList<AuditRecord> batch, CancellationToken cancellationToken);

    /// <summary>Closes the store's resources after the last commit.</summary>
    protected virtual ValueTask DisposeCoreAsync() => ValueTask.CompletedTask;

    /// <summary>Refuses new appends, commits what is queued (waiting up to 10 s), then closes the store.</summary>
    public async ValueTask DisposeAsync()
    {
        Task drained;
        lock (_lock)
        {
            _closed = true;
            drained = _draining
                ? (_drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task
                : Task.CompletedTask;
        }

        try
        {
            await drained.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A commit is stuck: cancel it (a store that honours the token fails its batch) and give it a moment.
            await _stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAny(drained, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        }

        await DisposeCoreAsync().ConfigureAwait(false);
        // _room is not disposed: an append racing with this one must still find it (it never made a wait handle).
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task AppendWhenRoomAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        await _room.WaitAsync(cancellationToken).ConfigureAwait(false);
        await Enqueue(record, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Queues a record that has room; leads a drain when none runs. The caller holds one unit of <see cref="_room"/>.</summary>
    private Task Enqueue(AuditRecord record, CancellationToken cancellationToken)
    {
        var pending = new Pending(record);
        bool lead;
        lock (_lock)
        {
            if (_closed)
            {
                _room.Release();
                return Task.FromException(new AuditLogException($"the audit log ({Description}) is closed"));
            }

            _queue.Enqueue(pending);
            lead = !_draining;
            _draining = true;
        }

        if (lead)
        {
            if (JoinQueuedWork && ThreadPool.PendingWorkItemCount > 0)
            {
                return LeadAfterQueuedWorkAsync(pending, cancellationToken);
            }

            // Runs on this thread until the store yields; a synchronous store has committed this record when it returns.
            _ = DrainAsync(InlineBatches);
        }

        return Wait(pending, cancellationToken);
    }

    private static Task Wait(Pending pending, CancellationToken cancellationToken)
    {
        var committed = pending.Task;
        return committed.IsCompleted || !cancellationToken.CanBeCanceled ? committed : committed.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Leads once the work already queued on the thread pool has run: when the gateway is behind, the requests waiting
    /// there reach their appends first and share this commit (one transaction for the backlog instead of one each).
    /// </summary>
    private async Task LeadAfterQueuedWorkAsync(Pending pending, CancellationToken cancellationToken)
    {
        await Task.Yield();
        _ = DrainAsync(InlineBatches);
        await Wait(pending, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Commits batches until the queue is empty, or hands it to the thread pool after <paramref name="budget"/> batches.</summary>
    private async Task DrainAsync(int budget)
    {
        for (var done = 0; ; done++)
        {
            lock (_lock)
            {
                if (_queue.Count == 0)
                {
                    _draining = false;
                    _drained?.TrySetResult();
                    return;
                }

                if (done == budget)
                {
                    // Still draining (_draining stays set): a thread-pool item takes over, with no budget.
                    ThreadPool.UnsafeQueueUserWorkItem(static log => _ = log.DrainAsync(int.MaxValue), this, preferLocal: false);
                    return;
                }

                while (_batch.Count < MaxBatch && _queue.TryDequeue(out var next))
                {
                    _batch.Add(next);
                    _records.Add(next.Record);
                }
            }

            await CommitAndReleaseAsync().ConfigureAwait(false);
        }
    }

    private async Task CommitAndReleaseAsync()
    {
        try
        {
            await CommitBatchAsync(_records, _stop.Token).ConfigureAwait(false);
            Interlocked.Increment(ref _commits);
            foreach (var p in _batch)
            {
                p.TrySetResult();
            }
        }
#pragma warning disable CA1031 // the log must outlive any store error: each waiter gets the error instead
        catch (Exception ex)
#pragma warning restore CA1031
        {
            foreach (var p in _batch)
            {
                p.TrySetException(new AuditLogException($"the audit record could not be committed to {Description}: {ex.Message}", ex));
            }
        }
        finally
        {
            _room.Release(_batch.Count);
            _batch.Clear();
            _records.Clear();
        }
    }

    /// <summary>A queued record; completes when it is committed (continuations run on the thread pool, never in the drain).</summary>
    private sealed class Pending(AuditRecord record) : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public AuditRecord Record { get; } = record;
    }
}
