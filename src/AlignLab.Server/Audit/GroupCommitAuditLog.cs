using System.Threading.Channels;

namespace AlignLab.Server.Audit;

/// <summary>
/// Group commit: callers enqueue records and wait; one writer drains whatever has queued up and commits it
/// in a single transaction, then releases every waiter of that batch. A response is sent only after its
/// record is committed, so a crash can lose only requests that had not been answered yet.
/// </summary>
public abstract class GroupCommitAuditLog : IAuditLog
{
    /// <summary>Most records committed in one transaction.</summary>
    public const int MaxBatch = 512;

    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(16_384)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly Task _writer;
    private readonly CancellationTokenSource _stop = new();

    /// <summary>Starts the writer loop.</summary>
    protected GroupCommitAuditLog()
    {
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <inheritdoc />
    public abstract string Description { get; }

    /// <summary>Number of transactions committed so far (for tests and metrics).</summary>
    public long Commits => Interlocked.Read(ref _commits);

    private long _commits;

    /// <inheritdoc />
    public async Task AppendAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var pending = new Pending(record, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        await _queue.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        await pending.Committed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public abstract Task<IReadOnlyList<AuditRecord>> RecentAsync(int limit, CancellationToken cancellationToken);

    /// <inheritdoc />
    public abstract Task<IReadOnlySet<string>> FindAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken);

    /// <inheritdoc />
    public abstract Task<bool> IsReadyAsync(CancellationToken cancellationToken);

    /// <summary>Commits a batch in one transaction; throwing fails every record of the batch.</summary>
    protected abstract Task CommitBatchAsync(IReadOnlyList<AuditRecord> batch, CancellationToken cancellationToken);

    /// <summary>Closes the store's resources after the writer has stopped.</summary>
    protected virtual ValueTask DisposeCoreAsync() => ValueTask.CompletedTask;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        try
        {
            await _writer.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
        }

        await DisposeCoreAsync().ConfigureAwait(false);
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        var records = new List<AuditRecord>(MaxBatch);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            records.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var p))
            {
                batch.Add(p);
                records.Add(p.Record);
            }

            try
            {
                await CommitBatchAsync(records, _stop.Token).ConfigureAwait(false);
                Interlocked.Increment(ref _commits);
                foreach (var p in batch)
                {
                    p.Committed.TrySetResult();
                }
            }
#pragma warning disable CA1031 // the writer must outlive any store error: each waiter gets the error instead
            catch (Exception ex)
#pragma warning restore CA1031
            {
                foreach (var p in batch)
                {
                    p.Committed.TrySetException(new AuditLogException($"the audit record could not be committed to {Description}: {ex.Message}", ex));
                }
            }
        }
    }

    private sealed record Pending(AuditRecord Record, TaskCompletionSource Committed);
}
