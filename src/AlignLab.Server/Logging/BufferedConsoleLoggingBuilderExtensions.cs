using AlignLab.Server.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.Logging;

/// <summary>Registers the buffered console logger (<see cref="BufferedConsoleLoggerOptions"/>).</summary>
public static class BufferedConsoleLoggingBuilderExtensions
{
    /// <summary>
    /// Adds a console logger that writes single-line entries (<c>info: Category[EventId] message</c>) in batches: lines
    /// below <see cref="BufferedConsoleLoggerOptions.FlushImmediatelyAt"/> wait up to
    /// <see cref="BufferedConsoleLoggerOptions.FlushInterval"/>; a process killed outright loses at most that much of them.
    /// </summary>
    public static ILoggingBuilder AddBufferedConsole(this ILoggingBuilder builder, Action<BufferedConsoleLoggerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoggerProvider, BufferedConsoleLoggerProvider>());
        var options = builder.Services.AddOptions<BufferedConsoleLoggerOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return builder;
    }
}
