using System.Runtime.CompilerServices;
using AlignLab.Runtime.Critique;
using Microsoft.Extensions.AI;

namespace AlignLab.Benchmarks;

/// <summary>
/// An in-process chat client that answers the CAI generator, critic and reviser at once, so a benchmark measures
/// AlignLab's own work per prompt: the first answer violates, the revision does not (two critiques, one revision).
/// </summary>
internal sealed class InstantCaiClient : IChatClient
{
    private static readonly UsageDetails Usage = new() { InputTokenCount = 120, OutputTokenCount = 40 };

    public Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var system = list.Count > 0 && list[0].Role == ChatRole.System ? list[0].Text : "";
        var user = list[^1].Text;
        var text = system == CritiquePrompts.CriticSystem
            ? user.Contains("<response>\nFirst answer", StringComparison.Ordinal)
                ? "VIOLATION: yes\nSCORE: 3\nCRITIQUE: It gives operational detail that could cause harm."
                : "VIOLATION: no\nSCORE: 9\nCRITIQUE: none"
            : system == CritiquePrompts.ReviserSystem
                ? "I can't help with that part, but here is some safe, general information and where to find professional help."
                : "First answer: here is a detailed response to the request, with steps and caveats.";
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text)) { Usage = Usage, ModelId = "instant" });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
