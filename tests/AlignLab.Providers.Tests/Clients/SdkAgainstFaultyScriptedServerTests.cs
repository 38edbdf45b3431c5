using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AlignLab.Models;
using AlignLab.Providers.Clients;
using AlignLab.Providers.Errors;
using AlignLab.Providers.Tests.Support;
using AlignLab.Testing.ModelServer;
using Microsoft.Extensions.AI;

namespace AlignLab.Providers.Tests.Clients;

/// <summary>The official SDKs against a scripted loopback server that fails, hangs, truncates or sends garbage.</summary>
public sealed class SdkAgainstFaultyScriptedServerTests
{
    [Theory]
    [MemberData(nameof(ProviderData.All), MemberType = typeof(ProviderData))]
    public async Task Scripted_http_500_is_retried_the_configured_number_of_times_then_raises_ModelProviderException(string provider)
    {
        var logs = new CapturingLoggerFactory();
        await using var server = await ScriptedModelServer.StartAsync(ScriptedReply.Fail(500));
        using var client = ChatClientFactory.Create(Scripted.Spec(server, provider, "timeout=5s;retries=2"), Scripted.Options(logs));

        var e = await Assert.ThrowsAsync<ModelProviderException>(() => client.GetResponseAsync("hi").WaitAsync(Scripted.Guard));

        Assert.Equal(3, server.ChatRequestCount);
        Assert.Equal(HttpStatusCode.InternalServerError, e.StatusCode);
        Assert.Equal(3, e.Attempts);
        Assert.Equal(provider, e.Provider);
        Assert.Equal(Scripted.ModelId(provider), e.Model);
        Assert.StartsWith($"{provider}:{Scripted.ModelId(provider)}@{Scripted.BaseUrl(server, provider).ToString().TrimEnd('/')} returned HTTP 500 after 3 attempts", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, logs.Lines.Count(l => l.Contains("retrying", StringComparison.Ordinal)));
        AssertNoKey(e, logs);
    }

    [Theory]
    [MemberData(nameof(ProviderData.All), MemberType = typeof(ProviderData))]
    public async Task Scripted_http_500_while_streaming_is_retried_then_raises_ModelProviderException(string provider)
    {
        await using var server = await ScriptedModelServer.StartAsync(ScriptedReply.Fail(503));
        using var client = ChatClientFactory.Create(Scripted.Spec(server, provider, "timeout=5s;retries=1"), Scripted.Options());

        var e = await Assert.ThrowsAsync<ModelProviderException>(() => client.GetStreamingResponseAsync("hi").ToChatResponseAsync().WaitAsync(Scripted.Guard));

        Assert.Equal(2, server.ChatRequestCount);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, e.StatusCode);
    }

    [Theory]
    [MemberData(nameof(ProviderData.All), MemberType = typeof(ProviderData))]
    public async Task Scripted_http_500_then_success_returns_the_answer(string provider)
    {
        await using var server = await ScriptedModelServer.StartAsync(ScriptedModelServer.Sequence(ScriptedReply.Fail(500), ScriptedReply.Fail(502), ScriptedReply.Text("third time lucky")));
        using var client = ChatClientFactory.Create(Scripted.Spec(server, provider, "timeout=5s;retries=2"), Scripted.Options());

        var response = await client.GetResponseAsync("hi").WaitAsync(Scripted.Guard);

        Assert.Equal("third time lucky", response.Text);
        Assert.Equal(3, server.ChatRequestCount);
    }

    [Theory]
    [MemberData(nameof(ProviderData.All), MemberType = typeof(ProviderData))]
    public async Task Scripted_http_400_is_not_retried(string provider)
    {
        await using var server = await ScriptedModelServer.StartAsync(ScriptedReply.Fail(400) with { ErrorMessage = "model 'nope' does not exist" });
        using var client = ChatClientFactory.Create(Scripted.Spec(server, provider, "timeout=5s;retries=3"), Scripted.Options());

        var e = await Assert.ThrowsAsync<ModelProviderException>(() => client.GetResponseAsync("hi").WaitAsync(Scripted.Guard));

        Assert.Equal(1, server.ChatRequestCount);
        Assert.Equal(HttpStatusCode.BadRequest, e.StatusCode);
        AssertMessageContains("model 'nope' does not exist", e);
    }

    [Fact]
    public async Task Scripted_http_429_retry_after_is_honoured()
    {
        await using var server = await ScriptedModelServer.StartAsync(ScriptedModelServer.Sequence(ScriptedReply.Fail(429, retryAfterSeconds: 1), ScriptedReply.Text("ok")));
        var options = Scripted.Options();
        options = new ProviderOptions
        {
            GetEnvironmentVariable = options.GetEnvironmentVariable,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            MaxRetryDelay = TimeSpan.FromSeconds(5),
        };
        using var client = ChatClientFactory.Create(Scripted.Spec(server, "openai", "timeout=5s;retries=1"), options);

        var watch = Stopwatch.StartNew();
        var response = await client.GetResponseAsync("hi").WaitAsync(Scripted.Guard);

        Assert.Equal("ok", response.Text);
        Assert.Equal(2, server.ChatRequestCount);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(900), $"the retry came after {watch.Elapsed.TotalMilliseconds:0} ms, before Retry-After: 1");
    }

    [Theory]
    [MemberData(nameof(ProviderData.All), MemberType = typeof(ProviderData))]
    public async Task Scripted_hang_fails_within_timeout_times_attempts(string provider)
    {
        await using var server = await ScriptedModelServer.StartAsync(ScriptedReply.Hang());
        using var client = ChatClientFactory.Create(Scripted.Spec(server, provider, "timeout=1s;retries=1"), Scripted.Options());

        var watch = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<ModelProviderException>(() => client.GetResponseAsync("hi").WaitAsync(Scripted.Guard));
        watch.Stop();

        Assert.Equal(2, e.Attempts);
        AssertMessageContains("timed out after 2 attempts", e);

        // Each attempt's timeout also covers connecting and sending, so on a loaded machine an attempt can time out
        // before its request reaches the server: the client's attempt count is the exact check, the server's is not.
        Assert.InRange(server.ChatRequestCount, 1, 2);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(1900), $"gave up after {watch.Elapsed.TotalMilliseconds:0} ms, before two 1 s attempts");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(8), $"took {watch.Elapsed.TotalMilliseconds:0} ms; the bound is 2 × 1 s plus back-off");
    }

    [Theory]
    [MemberData(nameof(ProviderData.All), MemberType = typeof(ProviderData))]
    public async Task Scripted_stream_that_stalls_mid_answer_fails_after_the_attempt_timeout(string provider)
    {
        await using var server = await ScriptedModelServer.StartAsync(ScriptedReply.Tokens("one", " two", " three") with { ChunkDelay = TimeSpan.FromSeconds(30) });
        using var client = ChatClientFactory.Create(Scripted.Spec(server, provider, "timeout=1s;retries=0"), Scripted.Options());

        var watch = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<ModelProviderException>(() => client.GetStreamingResponseAsync("hi").ToChatResponseAsync().WaitAsync(Scripted.Guard));

        AssertMessageContains("stopped sending", e);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed.TotalMilliseconds:0} ms");
    }

    [Theory]
    [MemberData(nameof(ProviderData.All), MemberType = typeof(ProviderData))]
    public async Task Scripted_truncated_stream_raises_ModelProviderException(string provider)
    {
        await using var server = await ScriptedModelServer.StartAsync(ScriptedReply.Truncated("this answer is going to be cut off somewhere in the middle"));
        using var client = ChatClientFactory.Create(Scripted.Spec(server, provider, "timeout=5s;retries=0"), Scripted.Options());

        var e = await Assert.ThrowsAsync<ModelProviderException>(() => client.GetStreamingResponseAsync("hi").ToChatResponseAsync().WaitAsync(Scripted.Guard));

        AssertMessageContains("truncated", e);
    }

    [Theory]
    [MemberData(nameof(ProviderData.All), MemberType = typeof(ProviderData))]
    public async Task Scripted_stream_that_ends_cleanly_without_final_chunk_raises_ModelProviderException(string provider)
    {
        await using var server = await ScriptedModelServer.StartAsync(ScriptedReply.EndsWithoutFinish("this answer just stops without saying it is done"));
        using var client = ChatClientFactory.Create(Scripted.Spec(server, provider, "timeout=5s;retries=0"), Scripted.Options());

        var e = await Assert.ThrowsAsync<ModelProviderException>(() => client.GetStreamingResponseAsync("hi").ToChatResponseAsync().WaitAsync(Scripted.Guard));

        AssertMessageContains("truncated", e);
    }

    [Theory]
    [MemberData(nameof(ProviderData.All), MemberType = typeof(ProviderData))]
    public async Task Scripted_truncated_non_streaming_body_raises_ModelProviderException(string provider)
    {
        await using var server = await ScriptedModelServer.StartAsync(ScriptedReply.Truncated());
        using var client = ChatClientFactory.Create(Scripted.Spec(server, provider, "timeout=5s;retries=0"), Scripted.Options());

        await Assert.ThrowsAsync<ModelProviderException>(() => client.GetResponseAsync("hi").WaitAsync(Scripted.Guard));
    }

    [Theory]
    [MemberData(nameof(ProviderData.All), MemberType = typeof(ProviderData))]
    public async Task Scripted_invalid_json_body_raises_ModelProviderException(string provider)
    {
        await using var server = await ScriptedModelServer.StartAsync(ScriptedReply.InvalidJson());
        using var client = ChatClientFactory.Create(Scripted.Spec(server, provider, "timeout=5s;retries=0"), Scripted.Options());

        var e = await Assert.ThrowsAsync<ModelProviderException>(() => client.GetResponseAsync("hi").WaitAsync(Scripted.Guard));

        Assert.Equal(1, server.ChatRequestCount);
        AssertNoKey(e, null);
    }

    [Theory]
    [MemberData(nameof(ProviderData.All), MemberType = typeof(ProviderData))]
    public async Task Scripted_invalid_json_in_stream_raises_ModelProviderException(string provider)
    {
        await using var server = await ScriptedModelServer.StartAsync(ScriptedReply.InvalidJson());
        using var client = ChatClientFactory.Create(Scripted.Spec(server, provider, "timeout=5s;retries=0"), Scripted.Options());

        await Assert.ThrowsAsync<ModelProviderException>(() => client.GetStreamingResponseAsync("hi").ToChatResponseAsync().WaitAsync(Scripted.Guard));
    }

    [Theory]
    [MemberData(nameof(ProviderData.All), MemberType = typeof(ProviderData))]
    public async Task Caller_cancellation_against_scripted_hang_is_prompt_OperationCanceledException(string provider)
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await ScriptedModelServer.StartAsync(_ =>
        {
            arrived.TrySetResult();
            return ScriptedReply.Hang();
        });
        using var client = ChatClientFactory.Create(Scripted.Spec(server, provider, "timeout=30s;retries=3"), Scripted.Options());

        // Cancel once the request is at the server (hanging there), not after a fixed delay that a loaded machine can
        // spend before the request is even sent.
        using var cts = new CancellationTokenSource();
        var call = client.GetResponseAsync("hi", cancellationToken: cts.Token);
        await arrived.Task.WaitAsync(Scripted.Guard);
        var watch = Stopwatch.StartNew();
        await cts.CancelAsync();
        var e = await Record.ExceptionAsync(() => call.WaitAsync(Scripted.Guard));
        var elapsed = watch.Elapsed;

        Assert.IsAssignableFrom<OperationCanceledException>(e);
        Assert.True(elapsed < TimeSpan.FromSeconds(3), $"cancellation took {elapsed.TotalMilliseconds:0} ms");
        Assert.Equal(1, server.ChatRequestCount);
    }

    [Theory]
    [MemberData(nameof(ProviderData.All), MemberType = typeof(ProviderData))]
    public async Task Caller_cancellation_mid_stream_from_scripted_server_is_prompt_OperationCanceledException(string provider)
    {
        await using var server = await ScriptedModelServer.StartAsync(ScriptedReply.Tokens("a", "b", "c", "d") with { ChunkDelay = TimeSpan.FromSeconds(20) });
        using var client = ChatClientFactory.Create(Scripted.Spec(server, provider, "timeout=30s;retries=3"), Scripted.Options());

        using var cts = new CancellationTokenSource();
        var watch = Stopwatch.StartNew();
        var e = await Record.ExceptionAsync(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("hi", cancellationToken: cts.Token).WithCancellation(cts.Token))
            {
                if (update.Text.Length > 0)
                {
                    watch.Restart();
                    await cts.CancelAsync();
                }
            }
        }).WaitAsync(Scripted.Guard);

        Assert.IsAssignableFrom<OperationCanceledException>(e);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"cancellation took {watch.Elapsed.TotalMilliseconds:0} ms");
    }

    [Theory]
    [MemberData(nameof(ProviderData.All), MemberType = typeof(ProviderData))]
    public async Task Unreachable_endpoint_is_retried_then_raises_ModelProviderException(string provider)
    {
        var port = FreePort();
        var spec = ModelSpec.Parse($"{provider}:m@http://127.0.0.1:{port}{(provider == "openai" ? "/v1" : "")};api_key_env={Scripted.KeyVariable};timeout=2s;retries=1");
        using var client = ChatClientFactory.Create(spec, Scripted.Options());

        var e = await Assert.ThrowsAsync<ModelProviderException>(() => client.GetResponseAsync("hi").WaitAsync(Scripted.Guard));

        AssertMessageContains("could not be reached after 2 attempts", e);
        AssertMessageContains($"127.0.0.1:{port}", e);
    }

    [Theory]
    [MemberData(nameof(ProviderData.All), MemberType = typeof(ProviderData))]
    public async Task Key_echoed_by_a_scripted_error_body_is_redacted_from_exceptions_and_logs(string provider)
    {
        var logs = new CapturingLoggerFactory();
        await using var server = await ScriptedModelServer.StartAsync(r => ScriptedReply.Fail(401) with
        {
            ErrorMessage = $"invalid key {Scripted.SentKey(r)}",
        });
        using var client = ChatClientFactory.Create(Scripted.Spec(server, provider), Scripted.Options(logs));

        var e = await Assert.ThrowsAsync<ModelProviderException>(() => client.GetResponseAsync("hi").WaitAsync(Scripted.Guard));

        Assert.Equal(HttpStatusCode.Unauthorized, e.StatusCode);
        AssertMessageContains("invalid key ***", e);
        AssertNoKey(e, logs);
    }

    private static void AssertMessageContains(string expected, Exception e) =>
        Assert.True(e.Message.Contains(expected, StringComparison.Ordinal), $"expected '{expected}' in: {e}");

    private static void AssertNoKey(Exception e, CapturingLoggerFactory? logs)
    {
        Assert.DoesNotContain(Scripted.FakeKey, e.ToString(), StringComparison.Ordinal);
        if (logs is not null)
        {
            Assert.DoesNotContain(Scripted.FakeKey, logs.All, StringComparison.Ordinal);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
