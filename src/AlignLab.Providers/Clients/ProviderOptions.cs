using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AlignLab.Providers.Clients;

/// <summary>Host- and test-supplied plumbing for <see cref="ChatClientFactory"/>.</summary>
public sealed class ProviderOptions
{
    /// <summary>Shared defaults: real sockets, system clock, process environment, no logging.</summary>
    public static ProviderOptions Default { get; } = new();

    /// <summary>
    /// Creates the innermost HTTP handler (the one that talks to the network). Null means a new <see cref="SocketsHttpHandler"/>.
    /// AlignLab puts its timeout and retry handler in front of it; the handler is disposed with the chat client. A host
    /// with an <c>IHttpClientFactory</c> passes <c>() =&gt; factory.CreateHandler(name)</c>: the factory's pooled handler
    /// ignores that disposal and keeps its connections for the next client.
    /// </summary>
    public Func<HttpMessageHandler>? HttpMessageHandlerFactory { get; init; }

    /// <summary>Clock for timeouts and back-off.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Reads an environment variable (API keys come only from here).</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>Logs retries and failures (never keys).</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>First retry delay; later ones grow exponentially, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap on one retry delay, including a server's <c>Retry-After</c>.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);
}
