namespace AlignLab.Server.Tests.Support;

/// <summary>
/// An <see cref="IHttpMessageHandlerFactory"/> that gives every caller a new counted handler (the real factory pools one
/// and ignores its disposal), so a test can see that each handler the gateway asked for is disposed by its owner.
/// </summary>
public sealed class CountingHandlerFactory : IHttpMessageHandlerFactory
{
    private readonly System.Collections.Concurrent.ConcurrentBag<string> _names = [];

    /// <summary>The counts.</summary>
    public CountingHandlers Handlers { get; } = new();

    /// <summary>The client names handlers were asked for.</summary>
    public IReadOnlyCollection<string> Names => _names;

    public HttpMessageHandler CreateHandler(string name)
    {
        _names.Add(name);
        return Handlers.Create();
    }
}
