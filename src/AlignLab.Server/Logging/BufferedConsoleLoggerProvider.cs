using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AlignLab.Server.Logging;

/// <summary>
/// Console logging in batches (<see cref="BatchedLineWriter"/>): what <c>alignlab serve</c> logs with, so that its line per
/// request costs no thread wake-up and no write of its own. Owns its writer; disposing the provider writes what is queued.
/// </summary>
[ProviderAlias("BufferedConsole")]
internal sealed class BufferedConsoleLoggerProvider : ILoggerProvider
{
    private readonly BatchedLineWriter _writer;
    private readonly ConcurrentDictionary<string, BufferedConsoleLogger> _loggers = new(StringComparer.Ordinal);

    /// <summary>The provider <c>AddBufferedConsole</c> registers: standard output or error, the system clock.</summary>
    public BufferedConsoleLoggerProvider(IOptions<BufferedConsoleLoggerOptions> options)
        : this(
            Checked(options).Value,
            Checked(options).Value.UseStandardError ? Console.OpenStandardError() : Console.OpenStandardOutput(),
            TimeProvider.System)
    {
    }

    /// <summary>A provider writing to <paramref name="output"/> (not owned) on <paramref name="time"/>'s timer.</summary>
    internal BufferedConsoleLoggerProvider(BufferedConsoleLoggerOptions options, Stream output, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { Count: > 0 } problems)
        {
            throw new OptionsValidationException(nameof(BufferedConsoleLoggerOptions), typeof(BufferedConsoleLoggerOptions), problems);
        }

        _writer = new BatchedLineWriter(output, options, time);
    }

    /// <summary>The writer (tests).</summary>
    internal BatchedLineWriter Writer => _writer;

    public ILogger CreateLogger(string categoryName) =>
        _loggers.GetOrAdd(categoryName, static (name, w) => new BufferedConsoleLogger(name, w), _writer);

    public void Dispose() => _writer.Dispose();

    private static IOptions<BufferedConsoleLoggerOptions> Checked(IOptions<BufferedConsoleLoggerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options;
    }
}
