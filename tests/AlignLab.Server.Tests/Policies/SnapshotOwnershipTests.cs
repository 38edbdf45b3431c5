using AlignLab.Providers.Clients;
using AlignLab.Server.Policies;
using AlignLab.Server.Tests.Support;
using AlignLab.Testing.ModelServer;
using Microsoft.Extensions.AI;

namespace AlignLab.Server.Tests.Policies;

/// <summary>
/// Issue 16, item 6: <c>PolicyStore.Swap</c> dropped the replaced snapshot without disposing it, so the upstream and judge
/// clients (and their HTTP handlers) of every reload leaked. A counting handler under each client shows that none outlives
/// the reload that replaced its snapshot, and that a request in flight keeps its snapshot until it ends.
/// </summary>
public sealed class SnapshotOwnershipTests
{
    private static readonly Func<ScriptedRequest, ScriptedReply> Script = JudgedSlowStream.Script(TimeSpan.FromMilliseconds(30));

    private static PolicyStore Store(ScriptedModelServer upstream, CountingHandlers handlers, string path)
    {
        var providers = new ProviderOptions { HttpMessageHandlerFactory = handlers.Create };
        var builder = new PolicyBuilder(
            spec => ChatClientFactory.Create(spec, providers), $"openai:scripted@{upstream.OpenAIBaseUrl}", null, null, TimeProvider.System);
        return PolicyStore.Create(builder, path, null, 0);
    }

    [Fact]
    public async Task A_reload_with_a_stream_in_flight_against_a_scripted_upstream_disposes_the_old_handlers_when_the_stream_ends()
    {
        await using var upstream = await ScriptedModelServer.StartAsync(Script);
        using var dir = new TempDir();
        var handlers = new CountingHandlers();
        var store = Store(upstream, handlers, dir.Write("policy.yaml", JudgedSlowStream.Policy(upstream, "first")));
        Assert.Equal(2, handlers.Live); // the guarded model's client and the judge's

        var arm = store.Find(PolicyStore.ArmA)!;
        var text = new System.Text.StringBuilder();
        using (var lease = arm.Acquire())
        {
            var stream = lease.Snapshot.Client!.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "tell me a story")]);
            await using var chunks = stream.GetAsyncEnumerator();
            Assert.True(await chunks.MoveNextAsync());
            text.Append(chunks.Current.Text);

            var reload = await store.ReloadAsync(PolicyStore.ArmA, JudgedSlowStream.Policy(upstream, "second"), persist: false, CancellationToken.None);
            Assert.Null(reload.Error);
            Assert.Equal("second", arm.Current.Constitution.Name);
            Assert.Equal(4, handlers.Live); // the old snapshot is still held by the stream
            Assert.False(lease.Snapshot.Pipeline.IsDisposed);

            while (await chunks.MoveNextAsync())
            {
                text.Append(chunks.Current.Text);
            }

            Assert.Equal("first", lease.Snapshot.Constitution.Name);
        }

        // The stream finished on the old policy; its lease was the last hold, so its handlers are gone now.
        Assert.Equal(string.Concat(Enumerable.Repeat("word ", 10)), text.ToString());
        Assert.Equal(2, handlers.Live);

        store.Dispose();
        Assert.Equal(0, handlers.Live);
    }

    [Fact]
    public async Task A_hundred_reloads_against_a_scripted_upstream_leave_only_the_serving_snapshots_handlers()
    {
        await using var upstream = await ScriptedModelServer.StartAsync(Script);
        using var dir = new TempDir();
        var handlers = new CountingHandlers();
        using var store = Store(upstream, handlers, dir.Write("policy.yaml", JudgedSlowStream.Policy(upstream, "v0")));
        var arm = store.Find(PolicyStore.ArmA)!;
        for (var i = 1; i <= 100; i++)
        {
            var reload = await store.ReloadAsync(PolicyStore.ArmA, JudgedSlowStream.Policy(upstream, "v" + i), persist: false, CancellationToken.None);
            Assert.Null(reload.Error);
            Assert.Equal(2, handlers.Live);
        }

        Assert.Equal(202, handlers.Created);
        using var lease = arm.Acquire();
        var answer = await lease.Snapshot.Client!.GetResponseAsync([new ChatMessage(ChatRole.User, "hello")]);
        Assert.Equal("v100", lease.Snapshot.Constitution.Name);
        Assert.NotEmpty(answer.Text);
    }

    [Fact]
    public async Task Acquiring_from_a_disposed_store_against_a_scripted_upstream_throws_instead_of_spinning()
    {
        // Before, Acquire retried for ever once the arm's last snapshot was released: it waited for a swap that a disposed
        // arm never publishes.
        await using var upstream = await ScriptedModelServer.StartAsync(Script);
        using var dir = new TempDir();
        var handlers = new CountingHandlers();
        var store = Store(upstream, handlers, dir.Write("policy.yaml", JudgedSlowStream.Policy(upstream, "only")));
        var arm = store.Find(PolicyStore.ArmA)!;
        store.Dispose();

        var acquiring = Task.Run(arm.Acquire);
        var finished = await Task.WhenAny(acquiring, Task.Delay(TimeSpan.FromSeconds(10)));
        Assert.Same(acquiring, finished);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => acquiring);
        Assert.Equal(0, handlers.Live);
    }
}
