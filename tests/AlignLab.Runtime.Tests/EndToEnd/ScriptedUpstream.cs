using AlignLab.Models;
using AlignLab.Providers.Clients;
using AlignLab.Testing.ModelServer;
using Microsoft.Extensions.AI;

namespace AlignLab.Runtime.Tests.EndToEnd;

/// <summary>Points the real provider SDKs (OpenAI, OllamaSharp, Anthropic) at a scripted model server on loopback.</summary>
internal static class ScriptedUpstream
{
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    public static IChatClient Client(ScriptedModelServer server, string provider, string options = "timeout=3s;retries=1")
    {
        var url = provider switch
        {
            "openai" => server.OpenAIBaseUrl,
            "ollama" => server.OllamaBaseUrl,
            _ => server.AnthropicBaseUrl,
        };
        var spec = ModelSpec.Parse($"{provider}:scripted-model@{url};{options}");
        return ChatClientFactory.Create(spec, new ProviderOptions
        {
            GetEnvironmentVariable = _ => null,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            MaxRetryDelay = TimeSpan.FromMilliseconds(50),
        });
    }
}
