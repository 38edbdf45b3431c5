using System.Text;
using Microsoft.Extensions.Logging;

namespace AlignLab.Server.Logging;

/// <summary>One category's logger: formats the message and hands the line to the shared <see cref="BatchedLineWriter"/>.</summary>
internal sealed class BufferedConsoleLogger : ILogger
{
    private readonly byte[] _category;
    private readonly BatchedLineWriter _writer;

    public BufferedConsoleLogger(string category, BatchedLineWriter writer)
    {
        _category = Encoding.UTF8.GetBytes(category);
        _writer = writer;
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        ArgumentNullException.ThrowIfNull(formatter);
        _writer.Append(logLevel, _category, eventId.Id, formatter(state, exception), exception);
    }
}
