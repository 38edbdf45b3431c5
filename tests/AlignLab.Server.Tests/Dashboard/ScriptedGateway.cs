using AlignLab.Server.Tests.Support;
using AlignLab.Testing.ModelServer;

namespace AlignLab.Server.Tests.Dashboard;

/// <summary>A gateway on loopback in front of a scripted upstream model, with the folder holding its policy; disposes all three.</summary>
public sealed class ScriptedGateway(RunningGateway gateway, ScriptedModelServer upstream, TempDir dir) : IAsyncDisposable
{
    public RunningGateway Gateway { get; } = gateway;

    public ScriptedModelServer Upstream { get; } = upstream;

    public TempDir Dir { get; } = dir;

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Upstream.DisposeAsync();
        Dir.Dispose();
    }
}
