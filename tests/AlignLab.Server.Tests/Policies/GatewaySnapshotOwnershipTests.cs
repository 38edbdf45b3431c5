using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AlignLab.Server.Hosting;
using AlignLab.Server.Tests.OpenAi;
using AlignLab.Server.Tests.Support;
using AlignLab.Testing.ModelServer;
using Microsoft.Extensions.DependencyInjection;

namespace AlignLab.Server.Tests.Policies;

/// <summary>
/// Issue 16, items 5 and 6 through the gateway: provider handlers come from <see cref="IHttpMessageHandlerFactory"/> (the
/// named client <see cref="GatewayApplication.ProviderHttpClientName"/>), and the snapshot a reload replaces returns its
/// handlers once the requests holding it finish. A counting factory hands out a new handler per call so that each return
/// is seen; before, every reload left the old upstream and judge clients undisposed.
/// </summary>
public sealed class GatewaySnapshotOwnershipTests
{
    private static readonly Func<ScriptedRequest, ScriptedReply> Script = JudgedSlowStream.Script(TimeSpan.FromMilliseconds(50));

    private static async Task<(RunningGateway Gateway, CountingHandlerFactory Factory)> StartAsync(ScriptedModelServer upstream, TempDir dir)
    {
        var factory = new CountingHandlerFactory();
        var path = dir.Write("policy.yaml", JudgedSlowStream.Policy(upstream, "first"));
        var gateway = await RunningGateway.StartAsync(o =>
        {
            o.PolicyPath = path;
            o.Upstream = $"openai:scripted@{upstream.OpenAIBaseUrl}";
        }, services: s => s.AddSingleton<IHttpMessageHandlerFactory>(factory));
        return (gateway, factory);
    }

    private static async Task ReloadAsync(HttpClient client, string yaml)
    {
        using var response = await client.PostAsync("api/policies/a/reload", new StringContent(yaml, Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task A_reload_while_a_stream_from_a_scripted_upstream_is_in_flight_disposes_the_old_handlers_after_the_stream_ends()
    {
        await using var upstream = await ScriptedModelServer.StartAsync(Script);
        using var dir = new TempDir();
        var (gateway, factory) = await StartAsync(upstream, dir);
        await using (gateway)
        {
            Assert.Equal(2, factory.Handlers.Live); // upstream and judge
            Assert.All(factory.Names, n => Assert.Equal(GatewayApplication.ProviderHttpClientName, n));
            using var client = gateway.CreateClient();
            var before = gateway.State.Policies.Find("a")!.Current.Version;

            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
            {
                Content = ChatCompletionsOverSdkTests.Json(
                    """{"model":"m","stream":true,"messages":[{"role":"user","content":"tell me a story"}]}"""),
            };
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            Assert.Equal(before, response.Headers.GetValues("x-alignlab-policy-version").Single());
            await using var body = await response.Content.ReadAsStreamAsync();
            using var reader = new StreamReader(body);
            var text = new StringBuilder();
            while (await reader.ReadLineAsync() is { } line && !line.Contains("\"content\"", StringComparison.Ordinal))
            {
            }

            // The reload lands mid-stream: the new snapshot's handlers exist beside the old ones, still in use.
            await ReloadAsync(client, JudgedSlowStream.Policy(upstream, "second"));
            Assert.NotEqual(before, gateway.State.Policies.Find("a")!.Current.Version);
            Assert.Equal(4, factory.Handlers.Live);

            var done = false;
            while (await reader.ReadLineAsync() is { } line)
            {
                text.Append(line);
                done |= line == "data: [DONE]";
            }

            Assert.True(done);
            Assert.Contains("word", text.ToString(), StringComparison.Ordinal);
            await WaitForAsync(() => factory.Handlers.Live == 2);
            Assert.Equal(2, factory.Handlers.Live);
        }

        Assert.Equal(0, factory.Handlers.Live); // shutting down retires the serving snapshot too
    }

    [Fact]
    public async Task A_hundred_reloads_over_http_with_a_scripted_upstream_leave_no_handler_behind()
    {
        await using var upstream = await ScriptedModelServer.StartAsync(Script);
        using var dir = new TempDir();
        var (gateway, factory) = await StartAsync(upstream, dir);
        await using (gateway)
        {
            using var client = gateway.CreateClient();
            for (var i = 0; i < 100; i++)
            {
                await ReloadAsync(client, JudgedSlowStream.Policy(upstream, "v" + i));
                Assert.Equal(2, factory.Handlers.Live);
            }

            Assert.Equal(202, factory.Handlers.Created);
        }

        Assert.Equal(0, factory.Handlers.Live);
    }

    [Fact]
    public async Task Provider_requests_to_a_scripted_upstream_go_through_the_named_http_client_factory_client()
    {
        await using var upstream = await ScriptedModelServer.StartAsync(Script);
        using var dir = new TempDir();
        var path = dir.Write("policy.yaml", JudgedSlowStream.Policy(upstream, "first"));
        var seen = 0;
        await using var gateway = await RunningGateway.StartAsync(o =>
        {
            o.PolicyPath = path;
            o.Upstream = $"openai:scripted@{upstream.OpenAIBaseUrl}";
        }, services: s => s.AddHttpClient(GatewayApplication.ProviderHttpClientName)
            .AddHttpMessageHandler(() => new Observer(() => Interlocked.Increment(ref seen))));
        using var client = gateway.CreateClient();

        using var response = await client.PostAsync("v1/chat/completions",
            ChatCompletionsOverSdkTests.Json("""{"model":"m","messages":[{"role":"user","content":"hello"}]}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, seen); // the judge's call and the upstream's
        Assert.Equal(2, upstream.ChatRequestCount);
    }

    private sealed class Observer(Action onSend) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            onSend();
            return base.SendAsync(request, cancellationToken);
        }
    }
}
