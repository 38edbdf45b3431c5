using System.Text;
using AlignLab.Server.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AlignLab.Server.Tests.Logging;

/// <summary>
/// Issue 14 item 18: <c>serve</c>'s console lines leave the process in batches (the console logger woke a thread and wrote
/// once per line), in the order they were logged, and none is lost on dispose or hidden when the output fails.
/// </summary>
public sealed class BatchedLineWriterTests
{
    private static readonly byte[] Category = "AlignLab.Server.RequestLog"u8.ToArray();

    [Fact]
    public void Information_lines_wait_for_the_timer_and_then_leave_in_one_write_in_the_simple_console_shape()
    {
        var output = new RecordingStream();
        var time = new FakeTimeProvider();
        using var writer = new BatchedLineWriter(output, new BufferedConsoleLoggerOptions(), time);
        writer.Append(LogLevel.Information, Category, 1, "POST /v1/moderations 200", null);
        writer.Append(LogLevel.Information, Category, 1, "GET /healthz 200", null);
        Assert.Equal(0, output.Writes);

        time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Equal(0, output.Writes);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, output.Writes);
        Assert.Equal(
            "info: AlignLab.Server.RequestLog[1] POST /v1/moderations 200\ninfo: AlignLab.Server.RequestLog[1] GET /healthz 200\n",
            output.Text);
    }

    [Fact]
    public void A_warning_is_written_at_once_after_every_line_logged_before_it()
    {
        var output = new RecordingStream();
        using var writer = new BatchedLineWriter(output, new BufferedConsoleLoggerOptions(), new FakeTimeProvider());
        writer.Append(LogLevel.Information, Category, 1, "first", null);
        writer.Append(LogLevel.Warning, "AlignLab.Server"u8, 1901, "rolled back", new InvalidOperationException("bad\nversion"));
        Assert.Equal(1, output.Writes);
        Assert.Equal(
            "info: AlignLab.Server.RequestLog[1] first\nwarn: AlignLab.Server[1901] rolled back System.InvalidOperationException: bad version\n",
            output.Text);
    }

    [Fact]
    public void Line_breaks_inside_a_message_become_spaces_so_one_entry_is_one_line()
    {
        var output = new RecordingStream();
        using (var writer = new BatchedLineWriter(output, new BufferedConsoleLoggerOptions(), new FakeTimeProvider()))
        {
            writer.Append(LogLevel.Error, Category, 2, "a\r\nforged: line ü", null);
        }

        Assert.Equal("fail: AlignLab.Server.RequestLog[2] a  forged: line ü\n", output.Text);
    }

    [Fact]
    public void A_batch_is_written_once_it_holds_a_sixteenth_of_the_buffer_without_waiting_for_the_timer()
    {
        var output = new RecordingStream();
        var options = new BufferedConsoleLoggerOptions { MaxBufferedBytes = 16 * 1024 };
        using var writer = new BatchedLineWriter(output, options, new FakeTimeProvider());
        var line = new string('x', 100);
        var appended = 0;
        while (output.Writes == 0 && appended < 100)
        {
            writer.Append(LogLevel.Information, Category, 1, line, null);
            appended++;
        }

        Assert.Equal(1, output.Writes);
        Assert.InRange(output.Bytes, 2048, 2048 + 200); // a sixteenth of 16 KiB is less than the 2 KiB floor
        Assert.Equal(appended, output.Text.Count(c => c == '\n'));
    }

    [Fact]
    public void Dispose_writes_what_is_queued_and_lines_after_it_are_dropped_and_counted()
    {
        var output = new RecordingStream();
        var writer = new BatchedLineWriter(output, new BufferedConsoleLoggerOptions(), new FakeTimeProvider());
        writer.Append(LogLevel.Information, Category, 1, "queued", null);
        writer.Dispose();
        writer.Append(LogLevel.Information, Category, 1, "late", null);
        writer.Dispose();
        Assert.Equal("info: AlignLab.Server.RequestLog[1] queued\n", output.Text);
        Assert.Equal(1, writer.DroppedTotal);
    }

    [Fact]
    public void Lines_lost_to_a_failing_output_or_a_full_buffer_are_counted_and_reported_in_the_next_batch()
    {
        var output = new RecordingStream { Fail = true };
        var time = new FakeTimeProvider();
        var options = new BufferedConsoleLoggerOptions { MaxBufferedBytes = BufferedConsoleLoggerOptions.MinBufferedBytes };
        using var writer = new BatchedLineWriter(output, options, time);
        writer.Append(LogLevel.Warning, Category, 1, "lost to the output", null);
        Assert.Equal(1, writer.DroppedTotal);

        output.Fail = false;
        var line = new string('y', 1000);
        for (var i = 0; i < 10; i++)
        {
            writer.Append(LogLevel.Information, Category, 1, line, null); // each batch goes at 2 KiB; none is dropped
        }

        Assert.Equal(1, writer.DroppedTotal);
        Assert.Contains("warn: AlignLab.Server.Logging.BatchedLineWriter[0] 1 log lines were dropped", output.Text, StringComparison.Ordinal);
        writer.Append(LogLevel.Information, Category, 1, new string('z', 5000), null); // larger than the whole buffer
        Assert.Equal(2, writer.DroppedTotal);
        time.Advance(TimeSpan.FromSeconds(1));
        var lastWarning = output.Text[output.Text.LastIndexOf("warn:", StringComparison.Ordinal)..];
        Assert.Contains("] 1 log lines were dropped", lastWarning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lines_from_many_threads_are_each_written_once_and_each_threads_lines_stay_in_order()
    {
        var output = new RecordingStream();
        var options = new BufferedConsoleLoggerOptions { FlushInterval = TimeSpan.FromMilliseconds(1) };
        var writer = new BatchedLineWriter(output, options, TimeProvider.System);
        const int Threads = 8, Lines = 5_000;
        await Task.WhenAll(Enumerable.Range(0, Threads).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < Lines; i++)
            {
                writer.Append(i % 997 == 0 ? LogLevel.Warning : LogLevel.Information, Category, t, $"thread {t} line {i}", null);
            }
        })));
        writer.Dispose();

        var next = new int[Threads];
        foreach (var line in output.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ');
            var t = int.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(next[t]++, int.Parse(parts[5], System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.All(next, n => Assert.Equal(Lines, n));
        Assert.Equal(0, writer.DroppedTotal);
    }

    [Fact]
    public void Options_report_every_problem_at_once_and_the_provider_refuses_them()
    {
        var options = new BufferedConsoleLoggerOptions { FlushInterval = TimeSpan.Zero, MaxBufferedBytes = 10, FlushImmediatelyAt = (LogLevel)42 };
        Assert.Equal(3, options.Validate().Count);
        var ex = Assert.Throws<OptionsValidationException>(
            () => new BufferedConsoleLoggerProvider(options, new RecordingStream(), TimeProvider.System));
        Assert.Equal(3, ex.Failures.Count());
    }

    [Fact]
    public void The_provider_gives_one_logger_per_category_and_honours_the_level_filter_of_the_factory()
    {
        var output = new RecordingStream();
        using (var provider = new BufferedConsoleLoggerProvider(new BufferedConsoleLoggerOptions(), output, new FakeTimeProvider()))
        using (var factory = LoggerFactory.Create(b => b.AddProvider(provider).SetMinimumLevel(LogLevel.Warning)
            .AddFilter("AlignLab.Server.RequestLog", LogLevel.Information)))
        {
            Assert.Same(provider.CreateLogger("a"), provider.CreateLogger("a"));
            factory.CreateLogger("AlignLab.Server.RequestLog").LogInformation("shown");
            factory.CreateLogger("Microsoft.Hosting.Lifetime").LogInformation("hidden");
        }

        Assert.Equal("info: AlignLab.Server.RequestLog[0] shown\n", output.Text);
    }

    /// <summary>Counts writes and keeps their bytes; can be told to fail like a closed pipe.</summary>
    private sealed class RecordingStream : Stream
    {
        private readonly MemoryStream _bytes = new();
        private readonly Lock _gate = new();

        public bool Fail { get; set; }

        public int Writes { get; private set; }

        public long Bytes => _bytes.Length;

        public string Text
        {
            get
            {
                lock (_gate)
                {
                    return Encoding.UTF8.GetString(_bytes.ToArray());
                }
            }
        }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (Fail)
            {
                throw new IOException("Broken pipe");
            }

            lock (_gate)
            {
                Writes++;
                _bytes.Write(buffer, offset, count);
            }
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
