using AlignLab.Models;
using Microsoft.Extensions.AI;

namespace AlignLab.Providers.Clients;

/// <summary>Fills <see cref="ChatOptions.Temperature"/> and <see cref="ChatOptions.MaxOutputTokens"/> from the spec when the caller left them unset.</summary>
internal sealed class SpecDefaultsChatClient(IChatClient inner, ModelSpec spec) : DelegatingChatClient(inner)
{
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetResponseAsync(messages, WithDefaults(options), cancellationToken);

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetStreamingResponseAsync(messages, WithDefaults(options), cancellationToken);

    internal ChatOptions? WithDefaults(ChatOptions? options)
    {
        var needTemperature = spec.Temperature is not null && options?.Temperature is null;
        var needMaxTokens = spec.MaxOutputTokens is not null && options?.MaxOutputTokens is null;
        if (!needTemperature && !needMaxTokens)
        {
            return options;
        }

        var result = options?.Clone() ?? new ChatOptions();
        if (needTemperature)
        {
            result.Temperature = (float)spec.Temperature!.Value;
        }

        if (needMaxTokens)
        {
            result.MaxOutputTokens = spec.MaxOutputTokens;
        }

        return result;
    }
}
