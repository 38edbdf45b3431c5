using AlignLab.Server.Hosting;
using AlignLab.Testing.ModelServer;
using OpenAI;
using OpenAI.Chat;

namespace AlignLab.Server.Tests.Support;

/// <summary>A gateway on loopback in front of a scripted upstream model, with the folder holding its policy; disposes all three.</summary>
public sealed class ScriptedGateway(RunningGateway gateway, ScriptedModelServer upstream, TempDir dir) : IAsyncDisposable
{
    public RunningGateway Gateway { get; } = gateway;

    public ScriptedModelServer Upstream { get; } = upstream;

    public TempDir Dir { get; } = dir;

    /// <summary>Starts a scripted upstream answering with <paramref name="script"/> and a gateway guarding it with <paramref name="policyYaml"/>.</summary>
    public static async Task<ScriptedGateway> StartAsync(Func<ScriptedRequest, ScriptedReply> script, string policyYaml, Action<GatewayOptions>? configure = null)
    {
        var upstream = await ScriptedModelServer.StartAsync(script);
        var dir = new TempDir();
        var policy = dir.Write("policy.yaml", policyYaml);
        var gateway = await RunningGateway.StartAsync(o =>
        {
            o.PolicyPath = policy;
            o.Upstream = $"openai:scripted@{upstream.OpenAIBaseUrl}";
            configure?.Invoke(o);
        });
        return new ScriptedGateway(gateway, upstream, dir);
    }

    /// <summary>The official OpenAI SDK's chat client pointed at the gateway, sending <paramref name="key"/>.</summary>
    public ChatClient Sdk(string key = RunningGateway.Key) =>
        new OpenAIClient(new System.ClientModel.ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = new Uri(Gateway.BaseAddress, "v1") }).GetChatClient("gpt-test");

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Upstream.DisposeAsync();
        Dir.Dispose();
    }
}
