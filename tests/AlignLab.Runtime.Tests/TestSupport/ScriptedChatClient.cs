using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace AlignLab.Runtime.Tests.TestSupport;

/// <summary>One call received by a <see cref="ScriptedChatClient"/>.</summary>
public sealed record ChatCall(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)
{
    /// <summary>All message texts joined, for assertions.</summary>
    public string AllText => string.Join("\n", Messages.Select(m => m.Text));

    /// <summary>The last user message's text.</summary>
    public string UserText => Messages.Last(m => m.Role == ChatRole.User).Text;

    /// <summary>The system message's text, or empty.</summary>
    public string SystemText => Messages.FirstOrDefault(m => m.Role == ChatRole.System)?.Text ?? string.Empty;
}

/// <summary>
/// An in-memory <see cref="IChatClient"/> for tests: replies come from a queue (texts, exceptions or functions of the
/// messages) or from one function; every call is recorded. Thread-safe.
/// </summary>
public sealed class ScriptedChatClient : IChatClient
{
    private readonly Queue<Func<IReadOnlyList<ChatMessage>, CancellationToken, Task<string>>> _queue = new();
    private readonly Func<IReadOnlyList<ChatMessage>, CancellationToken, Task<string>>? _responder;
    private readonly List<ChatCall> _calls = [];
    private readonly Lock _lock = new();

    /// <summary>Replies with the given texts in order; a call past the end fails the test.</summary>
    public ScriptedChatClient(params string[] replies)
    {
        foreach (var r in replies)
        {
            Enqueue(r);
        }
    }

    /// <summary>Replies with <paramref name="responder"/> for every call.</summary>
    public ScriptedChatClient(Func<IReadOnlyList<ChatMessage>, string> responder)
    {
        _responder = (m, _) => Task.FromResult(responder(m));
    }

    /// <summary>Replies with an asynchronous <paramref name="responder"/> for every call.</summary>
    public ScriptedChatClient(Func<IReadOnlyList<ChatMessage>, CancellationToken, Task<string>> responder)
    {
        _responder = responder;
    }

    /// <summary>The calls received so far.</summary>
    public IReadOnlyList<ChatCall> Calls
    {
        get
        {
            lock (_lock)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>The usage every response reports (default: none).</summary>
    public UsageDetails? Usage { get; init; }

    /// <summary>Queues a text reply.</summary>
    public ScriptedChatClient Enqueue(string reply) => Enqueue((_, _) => Task.FromResult(reply));

    /// <summary>Queues a failure.</summary>
    public ScriptedChatClient EnqueueFailure(Exception exception) => Enqueue((_, _) => Task.FromException<string>(exception));

    /// <summary>Queues a reply that never comes (until the call is cancelled).</summary>
    public ScriptedChatClient EnqueueHang() => Enqueue(async (_, ct) =>
    {
        await Task.Delay(Timeout.Infinite, ct);
        return string.Empty;
    });

    /// <summary>Queues a reply computed from the messages.</summary>
    public ScriptedChatClient Enqueue(Func<IReadOnlyList<ChatMessage>, CancellationToken, Task<string>> reply)
    {
        lock (_lock)
        {
            _queue.Enqueue(reply);
        }

        return this;
    }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        Func<IReadOnlyList<ChatMessage>, CancellationToken, Task<string>> reply;
        lock (_lock)
        {
            _calls.Add(new ChatCall(list, options));
            reply = _responder ?? (_queue.Count > 0
                ? _queue.Dequeue()
                : (_, _) => throw new InvalidOperationException($"ScriptedChatClient: no reply scripted for call {_calls.Count}."));
        }

        var text = await reply(list, cancellationToken);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, text)) { Usage = Usage };
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
