namespace AlignLab.IO;

/// <summary>
/// A read-only stream over another that fails once more than a budget of bytes has been read since the last
/// <see cref="Reset"/>. A reader that must buffer a whole item (a JSON array item parsed into a document) resets it at
/// each item, so one huge item stops the reading instead of being held in memory.
/// </summary>
internal sealed class ReadBudgetStream : Stream
{
    private readonly Stream _inner;
    private readonly long _budget;
    private readonly Func<long, Exception> _overBudget;
    private long _sinceReset;
    private long _items;

    /// <summary>Reads <paramref name="inner"/> (and disposes it); past <paramref name="budget"/> bytes, throws what
    /// <paramref name="overBudget"/> makes of the number of items read so far.</summary>
    public ReadBudgetStream(Stream inner, long budget, Func<long, Exception> overBudget)
    {
        _inner = inner;
        _budget = budget;
        _overBudget = overBudget;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Starts a new budget: <paramref name="items"/> items have been read whole.</summary>
    public void Reset(long items)
    {
        _items = items;
        _sinceReset = 0;
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(_inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(_inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Count(int read)
    {
        _sinceReset += read;
        return _sinceReset > _budget ? throw _overBudget(_items) : read;
    }
}
