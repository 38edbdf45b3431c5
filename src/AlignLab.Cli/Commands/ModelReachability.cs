using System.Net.Http;
using System.Runtime.CompilerServices;
using AlignLab.Evaluation.Orchestration;
using Microsoft.Extensions.AI;

namespace AlignLab.Cli.Commands;

/// <summary>
/// Watches the calls to the model under test: when the first <see cref="Threshold"/> calls all fail because the endpoint
/// cannot be reached (connection refused, unknown host, TLS failure) and none has succeeded, it cancels
/// <see cref="Token"/> so the eval stops instead of failing every remaining case one retry cycle at a time. Once any
/// call succeeds it stays quiet for the rest of the run (a flaky model makes errored cases, as before).
/// </summary>
internal sealed class ModelReachability : DelegatingChatClient, IEvalModelWatch
{
    /// <summary>Connection failures, with no success before them, that stop the run.</summary>
    public const int Threshold = 10;

    private readonly CancellationTokenSource _stop = new();
    private int _failures;
    private int _succeeded;

    public ModelReachability(IChatClient inner)
        : base(inner)
    {
    }

    /// <summary>Cancelled when the model is judged unreachable.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>True once a call to the model has succeeded.</summary>
    public bool Reached => Volatile.Read(ref _succeeded) == 1;

    /// <summary>True when the run was stopped because the model could not be reached.</summary>
    public bool Unreachable => _stop.IsCancellationRequested;

    /// <summary>The last connection failure's message.</summary>
    public string? LastError { get; private set; }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _succeeded, 1);
            return response;
        }
        catch (Exception ex) when (IsConnectionFailure(ex))
        {
            Failed(ex);
            throw;
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var e = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            bool more;
            try
            {
                more = await e.MoveNextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (IsConnectionFailure(ex))
            {
                Failed(ex);
                throw;
            }

            if (!more)
            {
                yield break;
            }

            Volatile.Write(ref _succeeded, 1);
            yield return e.Current;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stop.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Failed(Exception ex)
    {
        LastError = ex.Message;
        if (Volatile.Read(ref _succeeded) == 0 && Interlocked.Increment(ref _failures) >= Threshold)
        {
            try
            {
                _stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // the run is over
            }
        }
    }

    private static bool IsConnectionFailure(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError })
            {
                return true;
            }
        }

        return false;
    }
}
