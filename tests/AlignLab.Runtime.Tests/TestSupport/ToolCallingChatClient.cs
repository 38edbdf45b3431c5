using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace AlignLab.Runtime.Tests.TestSupport;

/// <summary>
/// An in-memory chat model that answers every call with some text and function calls, finishing with
/// <see cref="ChatFinishReason.ToolCalls"/>. Streamed, the text comes first (one update per word) and the calls come
/// whole in the last update, as the OpenAI adapter of Microsoft.Extensions.AI delivers them.
/// </summary>
internal sealed class ToolCallingChatClient(string text, params FunctionCallContent[] calls) : IChatClient
{
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        List<AIContent> contents = text.Length > 0 ? [new TextContent(text)] : [];
        contents.AddRange(calls);
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, contents)) { FinishReason = ChatFinishReason.ToolCalls, ResponseId = "r1" });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, word + " ") { ResponseId = "r1" };
        }

        yield return new ChatResponseUpdate(ChatRole.Assistant, [.. calls]) { ResponseId = "r1", FinishReason = ChatFinishReason.ToolCalls };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
