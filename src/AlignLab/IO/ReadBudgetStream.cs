namespace AlignLab.IO;

/// <summary>
/// A read-only stream over another that fails once more than a budget of bytes has been read since the last
/// <see cref="Reset"/>. A reader that must buffer a whole item (a JSON array item parsed into a document) resets it at
/// each item, so one huge item stops the reading instead of being held in memory.
/// </summary>
/// <remarks>Reads <paramref name="inner"/> (and disposes it); past <paramref name="budget"/> bytes, throws what
/// <paramref name="overBudget"/> makes of the number of items read so far.</remarks>
internal sealed class ReadBudgetStream(Stream inner, long budget, Func<long, Exception> overBudget) : ReadOnlyDelegatingStream(inner)
{
    private long _sinceReset;
    private long _items;

    /// <summary>Starts a new budget: <paramref name="items"/> items have been read whole.</summary>
    public void Reset(long items)
    {
        _items = items;
        _sinceReset = 0;
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(Inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(Inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    private int Count(int read)
    {
        _sinceReset += read;
        return _sinceReset > budget ? throw overBudget(_items) : read;
    }
}
