using System.Runtime.CompilerServices;
using System.Text.Json;
using AlignLab.Providers.Errors;
using Microsoft.Extensions.AI;

namespace AlignLab.Providers.Clients;

/// <summary>
/// The outermost layer of a provider client: turns whatever an SDK throws into <see cref="ModelProviderException"/>
/// (caller cancellation stays <see cref="OperationCanceledException"/>), rejects a stream that ends without a finish
/// reason (an answer cut short), and owns the HTTP client.
/// </summary>
internal sealed class ProviderErrorChatClient(IChatClient inner, ProviderTarget target, IDisposable? owned) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Translate(e, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        IAsyncEnumerator<ChatResponseUpdate> updates;
        try
        {
            updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        }
        catch (Exception e) when (Translate(e, cancellationToken) is { } translated)
        {
            throw translated;
        }

        var finished = false;
        var count = 0;
        await using (updates.ConfigureAwait(false))
        {
            while (true)
            {
                try
                {
                    if (!await updates.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }
                }
                catch (Exception e) when (Translate(e, cancellationToken) is { } translated)
                {
                    throw translated;
                }

                var update = updates.Current;
                finished |= update.FinishReason is not null;
                count++;
                yield return update;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (!finished)
        {
            throw target.Error($"ended its stream after {count} update(s) without a finish reason: the answer was cut short (truncated stream)");
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            owned?.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>The exception to throw instead of <paramref name="e"/>, or null to let it through unchanged.</summary>
    internal ModelProviderException? Translate(Exception e, CancellationToken cancellationToken)
    {
        if (e is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        if (e is ArgumentException or ObjectDisposedException or NotSupportedException)
        {
            return null;
        }

        if (Find<ModelProviderException>(e) is { } ours)
        {
            return ours;
        }

        var reason = Find<JsonException>(e) is not null ? "sent a response that is not valid JSON"
            : Find<IOException>(e) is not null || Find<HttpRequestException>(e) is not null ? "closed the connection before the answer was complete (truncated response)"
            : e is OperationCanceledException ? "did not answer in time"
            : $"failed";
        return target.Error($"{reason}: {e.GetType().Name}: {FirstLine(e.Message)}", null, 0, e);
    }

    private static T? Find<T>(Exception e)
        where T : Exception
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }

            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    if (Find<T>(inner) is { } found)
                    {
                        return found;
                    }
                }
            }
        }

        return null;
    }

    private static string FirstLine(string text)
    {
        var newline = text.IndexOfAny(['\r', '\n']);
        var line = newline < 0 ? text : text[..newline];
        return line.Length <= 300 ? line : line[..300] + "…";
    }
}
