using System.Net;
using AlignLab.Providers.Errors;

namespace AlignLab.Providers.Resilience;

/// <summary>Wraps a response body so that a model which stops sending mid-answer fails after the attempt timeout instead of hanging.</summary>
internal sealed class IdleTimeoutContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly ProviderTarget _target;
    private readonly TimeSpan _idleTimeout;
    private readonly TimeProvider _timeProvider;
    private readonly int _attempts;

    public IdleTimeoutContent(HttpContent inner, ProviderTarget target, TimeSpan idleTimeout, TimeProvider timeProvider, int attempts)
    {
        _attempts = attempts;
        _inner = inner;
        _target = target;
        _idleTimeout = idleTimeout;
        _timeProvider = timeProvider;
        foreach (var header in inner.Headers)
        {
            Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }

    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
        new IdleTimeoutStream(await _inner.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), _target, _idleTimeout, _timeProvider, _attempts);

    protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

    protected override Stream CreateContentReadStream(CancellationToken cancellationToken) =>
        new IdleTimeoutStream(_inner.ReadAsStream(cancellationToken), _target, _idleTimeout, _timeProvider, _attempts);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await using var source = await CreateContentReadStreamAsync(cancellationToken).ConfigureAwait(false);
        await source.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
