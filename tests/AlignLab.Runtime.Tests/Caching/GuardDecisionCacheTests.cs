using AlignLab.Constitutions;
using AlignLab.Runtime.Caching;
using AlignLab.Runtime.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace AlignLab.Runtime.Tests.Caching;

public sealed class GuardDecisionCacheTests
{
    private readonly FakeTimeProvider _time = new();

    private static GuardCacheKey Key(string text) => GuardCacheKey.Create(PolicyStage.Input, null, null, "fp", text);

    private GuardDecisionCache<string> Cache(int maxEntries = 100, double ttlSeconds = 60) =>
        new(new GuardDecisionCacheOptions { MaxEntries = maxEntries, TimeToLive = TimeSpan.FromSeconds(ttlSeconds) }, _time);

    [Fact]
    public void Set_then_get_hits_and_absent_keys_miss()
    {
        var cache = Cache();
        Assert.False(cache.TryGet(Key("a"), out _));
        cache.Set(Key("a"), "allow");
        Assert.True(cache.TryGet(Key("a"), out var v));
        Assert.Equal("allow", v);
        Assert.Equal(1, cache.Hits);
        Assert.Equal(1, cache.Misses);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Entries_expire_after_the_time_to_live()
    {
        var cache = Cache(ttlSeconds: 10);
        cache.Set(Key("a"), "allow");
        _time.Advance(TimeSpan.FromSeconds(9.999));
        Assert.True(cache.TryGet(Key("a"), out _));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(cache.TryGet(Key("a"), out _));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Setting_again_refreshes_the_time_to_live_but_reading_does_not()
    {
        var cache = Cache(ttlSeconds: 10);
        cache.Set(Key("a"), "v1");
        cache.Set(Key("b"), "v1");
        _time.Advance(TimeSpan.FromSeconds(6));
        cache.Set(Key("a"), "v2");
        Assert.True(cache.TryGet(Key("b"), out _));
        _time.Advance(TimeSpan.FromSeconds(6));
        Assert.True(cache.TryGet(Key("a"), out var a));
        Assert.Equal("v2", a);
        Assert.False(cache.TryGet(Key("b"), out _));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void The_least_recently_used_entry_is_evicted_when_full()
    {
        var cache = Cache(maxEntries: 3);
        cache.Set(Key("a"), "a");
        cache.Set(Key("b"), "b");
        cache.Set(Key("c"), "c");
        Assert.True(cache.TryGet(Key("a"), out _)); // a is now the most recently used; b the least
        cache.Set(Key("d"), "d");
        Assert.False(cache.TryGet(Key("b"), out _));
        Assert.True(cache.TryGet(Key("a"), out _));
        Assert.True(cache.TryGet(Key("c"), out _));
        Assert.True(cache.TryGet(Key("d"), out _));
        cache.Set(Key("e"), "e"); // a was used before c and d: a goes
        Assert.False(cache.TryGet(Key("a"), out _));
        Assert.Equal(3, cache.Count);
        Assert.Equal(2, cache.Evictions);
    }

    [Fact]
    public void Clear_removes_everything()
    {
        var cache = Cache();
        cache.Set(Key("a"), "a");
        cache.Set(Key("b"), "b");
        cache.Clear();
        Assert.Equal(0, cache.Count);
        Assert.False(cache.TryGet(Key("a"), out _));
    }

    [Fact]
    public void The_size_bound_holds_under_concurrent_load()
    {
        var cache = Cache(maxEntries: 50);
        var observedMax = 0;
        Parallel.For(0, 20_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var key = Key("k" + (i % 500));
            if (!cache.TryGet(key, out _))
            {
                cache.Set(key, "v" + i);
            }

            if (i % 100 == 0)
            {
                var c = cache.Count;
                int seen;
                while (c > (seen = Volatile.Read(ref observedMax)) && Interlocked.CompareExchange(ref observedMax, c, seen) != seen)
                {
                }
            }
        });
        Assert.InRange(observedMax, 1, 50);
        Assert.Equal(50, cache.Count);
        Assert.Equal(20_000, cache.Hits + cache.Misses);
        Assert.True(cache.Evictions > 0);
    }

    [Fact]
    public async Task Concurrent_callers_for_one_key_share_a_single_factory_call()
    {
        var cache = Cache();
        var calls = 0;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async ValueTask<string> Factory(CancellationToken ct)
        {
            Interlocked.Increment(ref calls);
            await gate.Task.WaitAsync(ct);
            return "decision";
        }

        var callers = Enumerable.Range(0, 32).Select(_ => Task.Run(() => cache.GetOrAddAsync(Key("same"), Factory).AsTask())).ToArray();
        await Task.Delay(100);
        gate.SetResult();
        var results = await Task.WhenAll(callers);
        Assert.All(results, r => Assert.Equal("decision", r));
        Assert.Equal(1, calls);
        Assert.True(cache.TryGet(Key("same"), out _));

        // afterwards it is a plain hit
        Assert.Equal("decision", await cache.GetOrAddAsync(Key("same"), _ => throw new InvalidOperationException("not called")));
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Different_keys_run_their_own_factories()
    {
        var cache = Cache();
        var calls = 0;
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => cache.GetOrAddAsync(Key("k" + i), _ =>
        {
            Interlocked.Increment(ref calls);
            return ValueTask.FromResult("v" + i);
        }).AsTask()));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => "v" + i), results);
        Assert.Equal(10, calls);
    }

    [Fact]
    public async Task A_failing_factory_is_shared_by_its_waiters_and_not_cached()
    {
        var cache = Cache();
        var calls = 0;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async ValueTask<string> Failing(CancellationToken ct)
        {
            Interlocked.Increment(ref calls);
            await gate.Task;
            throw new TimeoutException("judge timed out");
        }

        var callers = Enumerable.Range(0, 8).Select(_ => cache.GetOrAddAsync(Key("x"), Failing).AsTask()).ToArray();
        gate.SetResult();
        foreach (var c in callers)
        {
            await Assert.ThrowsAsync<TimeoutException>(() => c);
        }

        Assert.Equal(1, calls);
        Assert.False(cache.TryGet(Key("x"), out _));
        Assert.Equal("ok", await cache.GetOrAddAsync(Key("x"), _ => ValueTask.FromResult("ok")));
    }

    [Fact]
    public async Task A_cancelled_waiter_does_not_cancel_the_others_but_the_last_one_cancels_the_factory()
    {
        var cache = Cache();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var factoryToken = CancellationToken.None;
        async ValueTask<string> Slow(CancellationToken ct)
        {
            factoryToken = ct;
            await gate.Task.WaitAsync(ct);
            return "done";
        }

        using var cts1 = new CancellationTokenSource();
        var first = cache.GetOrAddAsync(Key("k"), Slow, cts1.Token).AsTask();
        var second = cache.GetOrAddAsync(Key("k"), Slow).AsTask();
        await cts1.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.False(factoryToken.IsCancellationRequested);
        gate.SetResult();
        Assert.Equal("done", await second);

        // now every waiter cancels: the factory's token is cancelled
        var gate2 = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var token2 = CancellationToken.None;
        using var cts2 = new CancellationTokenSource();
        var only = cache.GetOrAddAsync(Key("k2"), async ct =>
        {
            token2 = ct;
            await gate2.Task.WaitAsync(ct);
            return "never";
        }, cts2.Token).AsTask();
        await cts2.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => only);
        Assert.True(token2.IsCancellationRequested);
        Assert.False(cache.TryGet(Key("k2"), out _));
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new GuardDecisionCache<string>(new GuardDecisionCacheOptions { MaxEntries = 0 }));
        Assert.Throws<ArgumentException>(() => new GuardDecisionCache<string>(new GuardDecisionCacheOptions { TimeToLive = TimeSpan.Zero }));
        Assert.Throws<ArgumentException>(() => new GuardDecisionCache<string>(new GuardDecisionCacheOptions { TimeToLive = TimeSpan.FromSeconds(-1) }));
        _ = new GuardDecisionCache<string>(new GuardDecisionCacheOptions { MaxEntries = 1, TimeToLive = TimeSpan.FromTicks(1) });
    }
}
