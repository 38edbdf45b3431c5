namespace AlignLab.Training.Tests.Sft;

/// <summary>A file stream that fails like a full disk ("No space left on device") once a shared byte budget is spent.</summary>
internal sealed class FullDiskStream(Stream inner, FullDiskStream.Budget budget) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => inner.Length;

    public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (budget.Remaining < buffer.Length)
        {
            inner.Write(buffer[..(int)Math.Max(0, budget.Remaining)]);
            budget.Remaining = 0;
            throw new IOException("No space left on device");
        }

        budget.Remaining -= buffer.Length;
        inner.Write(buffer);
    }

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Bytes left on the "disk".</summary>
    internal sealed class Budget
    {
        public long Remaining { get; set; } = long.MaxValue;
    }
}
