using System.Net;
using System.Text;
using AlignLab.Server.Tests.Support;
using AlignLab.Testing.ModelServer;

namespace AlignLab.Server.Tests.OpenAi;

/// <summary>The upstream model's key never leaves the gateway, even when the (scripted) upstream echoes it in an error.</summary>
public sealed class UpstreamSecretTests
{
    [Fact]
    public async Task A_scripted_upstream_error_that_echoes_the_key_is_passed_on_without_it()
    {
        const string secret = "sk-upstream-secret-0123456789abcdef";
        const string variable = "ALIGNLAB_TEST_GATEWAY_UPSTREAM_KEY";
        Environment.SetEnvironmentVariable(variable, secret);
        await using var upstream = await ScriptedModelServer.StartAsync(ScriptedReply.Fail(401) with { ErrorMessage = $"Incorrect API key provided: {secret}" });
        await using var gateway = await RunningGateway.StartAsync(o => o.Upstream = $"openai:scripted@{upstream.OpenAIBaseUrl};api_key_env={variable};retries=0");
        using var client = gateway.CreateClient();

        foreach (var stream in new[] { false, true })
        {
            using var r = await client.PostAsync("v1/chat/completions", new StringContent(
                $$"""{"model":"m","stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"hello"}]}""", Encoding.UTF8, "application/json"));
            var body = await r.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.BadGateway, r.StatusCode);
            Assert.DoesNotContain(secret, body, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, string.Join("\n", r.Headers.SelectMany(h => h.Value)), StringComparison.Ordinal);
        }

        // The scripted upstream did receive the key (so the test would notice if it were never sent at all).
        Assert.Contains(upstream.Requests, req => req.Headers.TryGetValue("Authorization", out var auth) && auth.Contains(secret, StringComparison.Ordinal));
        var audit = await gateway.State.Audit.RecentAsync(10, CancellationToken.None);
        Assert.NotEmpty(audit);
        Assert.All(audit, a => Assert.DoesNotContain(secret, a.Trace, StringComparison.Ordinal));
    }
}
