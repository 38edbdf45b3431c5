using System.Diagnostics;
using AlignLab.Providers.Tests.Support;
using AlignLab.Testing.ModelServer;

namespace AlignLab.Providers.Tests.ModelServer;

/// <summary>The scripted server itself: binding, side routes, recording and disposal.</summary>
public sealed class ScriptedModelServerTests
{
    [Fact]
    public async Task Scripted_server_binds_a_random_loopback_port_and_answers_listing_routes()
    {
        await using var server = await ScriptedModelServer.StartAsync(ScriptedReply.Text("x"));
        using var http = new HttpClient();

        Assert.Equal("127.0.0.1", server.BaseAddress.Host);
        Assert.NotEqual(0, server.BaseAddress.Port);
        Assert.EndsWith("/v1", server.OpenAIBaseUrl.ToString().TrimEnd('/'), StringComparison.Ordinal);
        Assert.Contains("scripted-model", await http.GetStringAsync(new Uri(server.BaseAddress, "/v1/models")), StringComparison.Ordinal);
        Assert.Contains("models", await http.GetStringAsync(new Uri(server.BaseAddress, "/api/tags")), StringComparison.Ordinal);
        Assert.Contains("version", await http.GetStringAsync(new Uri(server.BaseAddress, "/api/version")), StringComparison.Ordinal);
        Assert.Equal(3, server.RequestCount);
        Assert.Equal(0, server.ChatRequestCount);
    }

    [Fact]
    public async Task Scripted_server_script_can_be_changed_mid_test()
    {
        await using var server = await ScriptedModelServer.StartAsync(ScriptedReply.Text("first"));
        using var http = new HttpClient();
        var body = new StringContent("{\"model\":\"m\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", System.Text.Encoding.UTF8, "application/json");

        var first = await http.PostAsync(new Uri(server.BaseAddress, "/api/chat"), body);
        server.Script = _ => ScriptedReply.Text("second");
        var second = await http.PostAsync(new Uri(server.BaseAddress, "/api/chat"), body);

        Assert.Contains("\"first\"", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("\"second\"", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(2, server.ChatRequestCount);
        Assert.All(server.Requests, r => Assert.Equal(ScriptedProtocol.Ollama, r.Protocol));
    }

    [Fact]
    public async Task Disposing_a_scripted_server_with_a_hanging_request_does_not_block()
    {
        var server = await ScriptedModelServer.StartAsync(ScriptedReply.Hang());
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var pending = http.PostAsync(new Uri(server.BaseAddress, "/v1/chat/completions"), new StringContent("{\"model\":\"m\",\"messages\":[]}"));
        while (server.RequestCount == 0)
        {
            await Task.Delay(10);
        }

        var watch = Stopwatch.StartNew();
        await server.DisposeAsync().AsTask().WaitAsync(Scripted.Guard);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"disposal took {watch.Elapsed.TotalMilliseconds:0} ms");
        await Assert.ThrowsAnyAsync<Exception>(() => pending.WaitAsync(Scripted.Guard));
    }
}
