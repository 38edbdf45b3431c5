using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace AlignLab.Runtime.Tests.TestSupport;

/// <summary>An in-memory chat model with scripted answers that records what it was asked and how many tokens it streamed.</summary>
internal sealed class RecordingChatClient : IChatClient
{
    private readonly Func<IReadOnlyList<ChatMessage>, int, IReadOnlyList<string>> _script;

    /// <param name="script">(messages, call number from 0) → tokens of the answer.</param>
    public RecordingChatClient(Func<IReadOnlyList<ChatMessage>, int, IReadOnlyList<string>> script) => _script = script;

    public static RecordingChatClient Answering(params string[] tokens) => new((_, _) => tokens);

    public List<IReadOnlyList<ChatMessage>> Calls { get; } = [];

    /// <summary>Tokens handed to the consumer of a stream, per call.</summary>
    public List<int> TokensStreamed { get; } = [];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        var tokens = _script(list, Calls.Count);
        Calls.Add(list);
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, string.Concat(tokens))) { FinishReason = ChatFinishReason.Stop, ResponseId = "r1" });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        var tokens = _script(list, Calls.Count);
        Calls.Add(list);
        var index = TokensStreamed.Count;
        TokensStreamed.Add(0);
        for (var i = 0; i < tokens.Count; i++)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            TokensStreamed[index]++;
            yield return new ChatResponseUpdate(ChatRole.Assistant, tokens[i]) { ResponseId = "r1", FinishReason = i == tokens.Count - 1 ? ChatFinishReason.Stop : null };
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
