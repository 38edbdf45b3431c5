using AlignLab.Models;
using AlignLab.Providers.Clients;
using AlignLab.Testing.ModelServer;
using Microsoft.Extensions.AI;

namespace AlignLab.Cai.Tests.Support;

/// <summary>Real OpenAI-protocol clients pointed at a <see cref="ScriptedModelServer"/> (loopback HTTP).</summary>
internal static class ScriptedClients
{
    private const string KeyVariable = "ALIGNLAB_CAI_TEST_KEY";

    public static IChatClient Create(ScriptedModelServer server, string model = "scripted-model") =>
        ChatClientFactory.Create(
            ModelSpec.Parse($"openai:{model}@{server.OpenAIBaseUrl};api_key_env={KeyVariable};timeout=10s;retries=0"),
            new ProviderOptions { GetEnvironmentVariable = name => name == KeyVariable ? "sk-fake" : null });
}
