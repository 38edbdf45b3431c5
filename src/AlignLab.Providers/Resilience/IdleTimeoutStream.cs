using AlignLab.IO;
using AlignLab.Providers.Errors;

namespace AlignLab.Providers.Resilience;

/// <summary>A read-only stream whose every read must produce data within the idle timeout; I/O failures become <see cref="ModelProviderException"/>.</summary>
internal sealed class IdleTimeoutStream(Stream inner, ProviderTarget target, TimeSpan idleTimeout, TimeProvider timeProvider, int attempts)
    : ReadOnlyDelegatingStream(inner)
{
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var idle = new CancellationTokenSource(idleTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idle.Token);
        try
        {
            return await Inner.ReadAsync(buffer, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw target.Error($"stopped sending: no data for {idleTimeout.TotalMilliseconds:0} ms while reading the answer", null, attempts, e);
        }
        catch (Exception e) when (e is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            throw target.Error($"closed the connection before the answer was complete (truncated response): {e.Message}", null, attempts, e);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
}
