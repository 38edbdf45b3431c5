using Microsoft.Extensions.Logging;

namespace AlignLab.Server.Logging;

/// <summary>
/// How the buffered console logger (<c>AddBufferedConsole</c>) batches its lines: lines below
/// <see cref="FlushImmediatelyAt"/> wait in memory for at most <see cref="FlushInterval"/> and leave the process in one write
/// per batch; a line at or above it is written at once, after every line logged before it.
/// </summary>
public sealed class BufferedConsoleLoggerOptions
{
    /// <summary>Shortest flush interval accepted.</summary>
    public static readonly TimeSpan MinFlushInterval = TimeSpan.FromMilliseconds(1);

    /// <summary>Longest flush interval accepted.</summary>
    public static readonly TimeSpan MaxFlushInterval = TimeSpan.FromSeconds(10);

    /// <summary>Smallest buffer accepted.</summary>
    public const int MinBufferedBytes = 4 * 1024;

    /// <summary>Largest buffer accepted.</summary>
    public const int MaxBufferedBytesLimit = 64 * 1024 * 1024;

    /// <summary>How long a line may wait before it is written (100 ms by default).</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The level from which a line is written at once (warnings by default).</summary>
    public LogLevel FlushImmediatelyAt { get; set; } = LogLevel.Warning;

    /// <summary>
    /// Most bytes waiting to be written (1 MiB by default). A batch is written as soon as it holds a sixteenth of this;
    /// when the output does not keep up and the buffer is full, further lines are dropped and counted, and the count is
    /// written as a warning with the next batch.
    /// </summary>
    public int MaxBufferedBytes { get; set; } = 1024 * 1024;

    /// <summary>Whether lines go to standard error instead of standard output.</summary>
    public bool UseStandardError { get; set; }

    /// <summary>Every problem with the options (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (FlushInterval < MinFlushInterval || FlushInterval > MaxFlushInterval)
        {
            problems.Add(
                $"FlushInterval must be between {MinFlushInterval.TotalMilliseconds} ms and {MaxFlushInterval.TotalSeconds} s (was {FlushInterval})");
        }

        if (MaxBufferedBytes < MinBufferedBytes || MaxBufferedBytes > MaxBufferedBytesLimit)
        {
            problems.Add($"MaxBufferedBytes must be between {MinBufferedBytes} and {MaxBufferedBytesLimit} (was {MaxBufferedBytes})");
        }

        if (!Enum.IsDefined(FlushImmediatelyAt))
        {
            problems.Add($"FlushImmediatelyAt must be a log level (was {(int)FlushImmediatelyAt})");
        }

        return problems;
    }
}
