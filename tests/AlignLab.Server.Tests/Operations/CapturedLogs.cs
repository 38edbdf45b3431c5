using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AlignLab.Server.Tests.Operations;

/// <summary>A logger provider that keeps every event (id, category, message) for the test to look at.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, EventId Id, string Message)> _events = new();

    public IReadOnlyCollection<(string Category, EventId Id, string Message)> Events => _events;

    public ILogger CreateLogger(string categoryName) => new Capturing(categoryName, _events);

    public void Dispose()
    {
    }

    private sealed class Capturing(string category, ConcurrentQueue<(string, EventId, string)> events) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            events.Enqueue((category, eventId, formatter(state, exception)));
    }
}
