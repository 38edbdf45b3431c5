using System.Net.Http.Headers;
using System.Text.Json;
using AlignLab.Server.Audit;
using AlignLab.Server.Tests.Support;
using AlignLab.Testing.ModelServer;

namespace AlignLab.Server.Tests.OpenAi;

/// <summary>
/// Issue 13, finding 8: a streamed chat whose client went away after the first chunk left no audit record (20 of 20
/// lost) though content had been delivered. Every request that reaches the chat handler now has exactly one record;
/// a cancelled one has status 499 and says in its trace what was delivered.
/// </summary>
public sealed class CancelledRequestAuditTests
{
    private static readonly string[] SlowTokens = [.. Enumerable.Range(0, 60).Select(i => $" word{i}")];

    [Fact]
    public async Task Streams_whose_client_disconnects_after_the_first_chunk_from_the_scripted_upstream_each_leave_one_499_record()
    {
        await using var scripted = await ScriptedGateway.StartAsync(
            _ => ScriptedReply.Tokens(SlowTokens) with { ChunkDelay = TimeSpan.FromMilliseconds(100) }, TestPolicies.Basic);

        var ids = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => StreamFirstChunkThenDisconnectAsync(scripted.Gateway)));

        var records = await WaitForRecordsAsync(scripted.Gateway, 20);
        Assert.Equal(20, records.Count);
        Assert.Equal(ids.ToHashSet(), records.Select(r => r.Id).ToHashSet());
        Assert.All(records, r =>
        {
            Assert.Equal(499, r.Status);
            Assert.Equal("chat.completions", r.Endpoint);
            using var trace = JsonDocument.Parse(r.Trace);
            var cancelled = trace.RootElement.GetProperty("cancelled");
            Assert.True(cancelled.GetProperty("stream").GetBoolean());
            Assert.True(cancelled.GetProperty("delivered_chunks").GetInt32() >= 1, r.Trace);
            Assert.True(cancelled.GetProperty("delivered_chars").GetInt32() >= 1, r.Trace);
            Assert.Equal("allow", cancelled.GetProperty("action_so_far").GetString());
        });
    }

    [Fact]
    public async Task A_non_streamed_request_cancelled_while_the_scripted_upstream_is_thinking_leaves_one_499_record()
    {
        await using var scripted = await ScriptedGateway.StartAsync(_ => ScriptedReply.Hang(), TestPolicies.Basic);
        using var http = scripted.Gateway.CreateClient();
        using var cts = new CancellationTokenSource();

        using var body = ChatCompletionsOverSdkTests.Json("""{"model":"m","messages":[{"role":"user","content":"hello"}]}""");
        var call = http.PostAsync("v1/chat/completions", body, cts.Token);
        await WaitUntilAsync(() => scripted.Upstream.ChatRequestCount >= 1);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);

        var records = await WaitForRecordsAsync(scripted.Gateway, 1);
        var record = Assert.Single(records);
        Assert.Equal(499, record.Status);
        using var trace = JsonDocument.Parse(record.Trace);
        var cancelled = trace.RootElement.GetProperty("cancelled");
        Assert.False(cancelled.GetProperty("stream").GetBoolean());
        Assert.Equal(0, cancelled.GetProperty("delivered_chars").GetInt32());
    }

    /// <summary>Starts a streamed chat, reads its first content chunk, then drops the connection; returns the audit id.</summary>
    private static async Task<string> StreamFirstChunkThenDisconnectAsync(RunningGateway gateway)
    {
        using var http = gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = ChatCompletionsOverSdkTests.Json("""{"model":"m","stream":true,"messages":[{"role":"user","content":"tell me a story"}]}"""),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var id = response.Headers.GetValues("x-alignlab-audit-id").Single();
        await using (var body = await response.Content.ReadAsStreamAsync())
        using (var reader = new StreamReader(body))
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                if (line.StartsWith("data: ", StringComparison.Ordinal) && line.Contains("\"content\"", StringComparison.Ordinal))
                {
                    break;
                }
            }
        }

        return id; // disposing the response mid-body closes the connection
    }

    private static async Task<IReadOnlyList<AuditRecord>> WaitForRecordsAsync(RunningGateway gateway, int expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        IReadOnlyList<AuditRecord> records;
        do
        {
            records = await gateway.State.Audit.RecentAsync(1000, CancellationToken.None);
            if (records.Count >= expected)
            {
                await Task.Delay(300); // a late duplicate would show up now
                return await gateway.State.Audit.RecentAsync(1000, CancellationToken.None);
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        return records;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(20);
        }
    }
}
