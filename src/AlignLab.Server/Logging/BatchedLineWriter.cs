using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace AlignLab.Server.Logging;

/// <summary>
/// The buffered console logger's sink: lines are encoded as UTF-8 into a buffer in the order they are logged and leave
/// the process in batches, one write each. A batch is written when the flush timer fires (<see
/// cref="BufferedConsoleLoggerOptions.FlushInterval"/> after its first line), when it holds a sixteenth of the buffer, when
/// a line at <see cref="BufferedConsoleLoggerOptions.FlushImmediatelyAt"/> or above arrives, and on dispose.
/// </summary>
/// <remarks>
/// The console logger it replaces in <c>serve</c> wakes its own thread and makes one write per line; at 2,000 requests/s
/// that was about 40 µs of CPU per request on one core (issue 14 item 18). Lines are in the simple console's single-line
/// shape (<c>info: Category[EventId] message</c>; line breaks inside a message become spaces). Writes never throw into the
/// caller: a line that finds the buffer full (the output does not keep up) or a batch whose write fails is counted, and the
/// count is reported in the next batch that gets out.
/// </remarks>
internal sealed class BatchedLineWriter : IDisposable
{
    private static readonly byte[][] LevelPrefixes =
        ["trce: "u8.ToArray(), "dbug: "u8.ToArray(), "info: "u8.ToArray(), "warn: "u8.ToArray(), "fail: "u8.ToArray(), "crit: "u8.ToArray()];

    private readonly Stream _output;
    private readonly BufferedConsoleLoggerOptions _options;
    private readonly int _flushAt;
    private readonly Lock _gate = new();
    private readonly Lock _writeGate = new();
    private readonly ITimer _timer;

    // Guarded by _gate. _spare is touched only by the one flush that holds _writeGate.
    private byte[] _pending = new byte[16 * 1024];
    private int _length;
    private byte[] _spare = new byte[16 * 1024];
    private long _dropped;
    private bool _armed;
    private bool _disposed;

    public BatchedLineWriter(Stream output, BufferedConsoleLoggerOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _output = output;
        _options = options;
        _flushAt = Math.Max(BufferedConsoleLoggerOptions.MinBufferedBytes / 2, options.MaxBufferedBytes / 16);
        _timer = time.CreateTimer(static s => ((BatchedLineWriter)s!).Flush(wait: true), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Lines dropped since the start (the buffer was full, a write failed, or the writer was disposed).</summary>
    public long DroppedTotal { get; private set; }

    /// <summary>Queues one line; writes the batch now when the line's level or the batch's size calls for it.</summary>
    public void Append(LogLevel level, ReadOnlySpan<byte> category, int eventId, string message, Exception? exception)
    {
        var exceptionText = exception?.ToString();
        var needed = 6 + category.Length + 13 + Encoding.UTF8.GetByteCount(message)
            + (exceptionText is null ? 0 : 1 + Encoding.UTF8.GetByteCount(exceptionText)) + 1;
        bool flush;
        lock (_gate)
        {
            if (_disposed || _length + needed > _options.MaxBufferedBytes)
            {
                _dropped++;
                DroppedTotal++;
                ArmTimer(); // so that the count is reported even when nothing else is logged

                return;
            }

            Grow(ref _pending, _length + needed);
            _length += Encode(_pending.AsSpan(_length), level, category, eventId, message, exceptionText);
            flush = level >= _options.FlushImmediatelyAt || _length >= _flushAt;
            if (!flush)
            {
                ArmTimer();
            }
        }

        if (flush)
        {
            Flush(wait: false);
        }
    }

    /// <summary>Writes what is queued and stops the timer; later lines are dropped.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _timer.Dispose();
        Flush(wait: true);
    }

    /// <summary>
    /// Writes the queued batch. With <paramref name="wait"/> false (a logging thread) it gives way when another flush is
    /// writing, and leaves the batch to the timer, armed here, so that a slow output never holds up the caller twice.
    /// </summary>
    internal void Flush(bool wait)
    {
        if (wait)
        {
            _writeGate.Enter();
        }
        else if (!_writeGate.TryEnter())
        {
            lock (_gate)
            {
                ArmTimer();
            }

            return;
        }

        try
        {
            byte[] batch;
            int length;
            long dropped;
            lock (_gate)
            {
                (batch, _pending, _spare) = (_pending, _spare, _pending);
                length = _length;
                _length = 0;
                dropped = _dropped;
                _dropped = 0;
                _armed = false;
            }

            if (dropped > 0)
            {
                var note = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                    $"warn: {typeof(BatchedLineWriter).FullName}[0] {dropped} log lines were dropped: the output did not keep up or failed\n"));
                Grow(ref batch, length + note.Length);
                note.CopyTo(batch.AsSpan(length));
                length += note.Length;
                _spare = batch;
            }

            if (length > 0)
            {
                Write(batch, length);
            }
        }
        finally
        {
            _writeGate.Exit();
        }
    }

    /// <summary>Starts the flush timer unless it runs or the writer is disposed. Called holding <see cref="_gate"/>.</summary>
    private void ArmTimer()
    {
        if (!_armed && !_disposed)
        {
            _armed = true;
            _timer.Change(_options.FlushInterval, Timeout.InfiniteTimeSpan);
        }
    }

    private void Write(byte[] batch, int length)
    {
        try
        {
            _output.Write(batch, 0, length);
            _output.Flush();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or NotSupportedException)
        {
            // A closed or broken output: the lines are lost, never the request that logged them.
            var lines = batch.AsSpan(0, length).Count((byte)'\n');
            lock (_gate)
            {
                _dropped += lines;
                DroppedTotal += lines;
            }
        }
    }

    private static void Grow(ref byte[] buffer, int needed)
    {
        if (needed > buffer.Length)
        {
            Array.Resize(ref buffer, Math.Max(needed, buffer.Length * 2));
        }
    }

    private static int Encode(Span<byte> to, LogLevel level, ReadOnlySpan<byte> category, int eventId, string message, string? exceptionText)
    {
        var prefix = LevelPrefixes[Math.Clamp((int)level, 0, LevelPrefixes.Length - 1)];
        prefix.CopyTo(to);
        var n = prefix.Length;
        category.CopyTo(to[n..]);
        n += category.Length;
        to[n++] = (byte)'[';
        eventId.TryFormat(to[n..], out var digits, default, CultureInfo.InvariantCulture);
        n += digits;
        to[n++] = (byte)']';
        to[n++] = (byte)' ';
        n += OneLine(to[n..], message);
        if (exceptionText is not null)
        {
            to[n++] = (byte)' ';
            n += OneLine(to[n..], exceptionText);
        }

        to[n++] = (byte)'\n';
        return n;
    }

    // UTF-8 with CR and LF as spaces (neither byte occurs inside a multi-byte sequence, so replacing them is safe).
    private static int OneLine(Span<byte> to, string text)
    {
        var n = Encoding.UTF8.GetBytes(text, to);
        var written = to[..n];
        written.Replace((byte)'\n', (byte)' ');
        written.Replace((byte)'\r', (byte)' ');
        return n;
    }
}
