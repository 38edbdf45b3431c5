using Microsoft.Extensions.AI;

namespace AlignLab.Runtime.Judges;

/// <summary>One chat call with a per-call timeout measured on a <see cref="TimeProvider"/>.</summary>
internal static class TimedChat
{
    /// <summary>
    /// Sends <paramref name="messages"/> and returns the response text. The call is abandoned when the timeout elapses
    /// even if the client ignores its token.
    /// </summary>
    /// <exception cref="TimeoutException">No answer within <paramref name="timeout"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<string> GetTextAsync(
        IChatClient client,
        IReadOnlyList<ChatMessage> messages,
        ChatOptions? options,
        TimeSpan timeout,
        TimeProvider timeProvider,
        string caller,
        CancellationToken cancellationToken)
    {
        var response = await GetResponseAsync(client, messages, options, timeout, timeProvider, caller, cancellationToken).ConfigureAwait(false);
        return response.Text ?? string.Empty;
    }

    /// <summary>As <see cref="GetTextAsync"/>, returning the whole response (its usage included).</summary>
    /// <exception cref="TimeoutException">No answer within <paramref name="timeout"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static Task<ChatResponse> GetResponseAsync(
        IChatClient client,
        IReadOnlyList<ChatMessage> messages,
        ChatOptions? options,
        TimeSpan timeout,
        TimeProvider timeProvider,
        string caller,
        CancellationToken cancellationToken) =>
        RunAsync(ct => client.GetResponseAsync(messages, options, ct), timeout, timeProvider, caller, cancellationToken);

    /// <summary>
    /// Runs one chat <paramref name="call"/> (plain or structured, <c>GetResponseAsync&lt;T&gt;</c>) under the timeout.
    /// </summary>
    /// <exception cref="TimeoutException">No answer within <paramref name="timeout"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<T> RunAsync<T>(
        Func<CancellationToken, Task<T>> call,
        TimeSpan timeout,
        TimeProvider timeProvider,
        string caller,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var timeoutSource = timeout == Timeout.InfiniteTimeSpan
            ? new CancellationTokenSource()
            : new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            return await call(linked.Token)
                .WaitAsync(linked.Token)
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{caller} did not answer within {JudgeValues.Format(timeout.TotalSeconds)} s.", ex);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested && ex.CancellationToken != cancellationToken)
        {
            throw new OperationCanceledException(ex.Message, ex, cancellationToken);
        }
    }
}
