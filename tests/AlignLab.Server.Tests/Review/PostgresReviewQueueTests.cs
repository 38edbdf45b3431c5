using AlignLab.Runtime.Review;
using AlignLab.Server.Review;
using AlignLab.Server.Tests.Dashboard;
using AlignLab.Server.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace AlignLab.Server.Tests.Review;

/// <summary>
/// <see cref="PostgresReviewQueue"/> against a real (throw-away) PostgreSQL, mostly as two instances on one database,
/// the way two gateway replicas use it. The single-instance IReviewQueue contract runs in
/// <see cref="PostgresReviewQueueContractTests"/>.
/// </summary>
public sealed class PostgresReviewQueueTests(PostgresDatabases databases) : IClassFixture<PostgresDatabases>
{
    private const string Nasty = "NUL\0 lone \uD800 high, lone \uDC00 low, pair \uD83D\uDE00, RTL \u202E, BOM \uFEFF, '); DROP TABLE alignlab_review_items; --";

    // Ticks that a microsecond timestamp would round: the queue must keep them exactly.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero).AddTicks(1234567));

    private static ReviewRequest Request(string prompt = "How do I pick a lock?") =>
        new("validators disagree 0.55 > 0.4", prompt, "I can't help with that.", "default", """{"action":"escalate"}""", ["non_violent_crimes", "jailbreak"], 0.55);

    [PostgresFact]
    public async Task An_item_enqueued_on_one_replica_is_listed_and_decided_on_the_other()
    {
        var cs = await databases.CreateAsync();
        await using var replica1 = await PostgresReviewQueue.OpenAsync(cs, _time, CancellationToken.None);
        await using var replica2 = await PostgresReviewQueue.OpenAsync(cs, _time, CancellationToken.None);
        Assert.DoesNotContain("Password", replica1.Description, StringComparison.OrdinalIgnoreCase);

        var item = await replica1.EnqueueAsync(Request());
        var seen = Assert.Single(await replica2.ListAsync(ReviewStatus.Pending, 10));
        AssertSame(item, seen);
        Assert.Equal(1, await replica2.CountAsync(ReviewStatus.Pending));

        _time.Advance(TimeSpan.FromMinutes(5));
        var decided = await replica2.DecideAsync(item.Id, ReviewVerdict.Rejected, "alice", "clearly harmful");
        Assert.Equal(item.CreatedAt + TimeSpan.FromMinutes(5), decided.DecidedAt);
        AssertSame(decided, (await replica1.GetAsync(item.Id))!);

        var ex = await Assert.ThrowsAsync<ReviewAlreadyDecidedException>(() => replica1.DecideAsync(item.Id, ReviewVerdict.Approved, "bob", null));
        Assert.Contains("rejected by alice", ex.Message, StringComparison.Ordinal);
        Assert.Equal("alice", (await replica1.GetAsync(item.Id))!.Reviewer);
        await Assert.ThrowsAsync<KeyNotFoundException>(() => replica1.DecideAsync("01ARZ3NDEKTSV4RRFFQ69G5FAV", ReviewVerdict.Approved, "bob", null));
        Assert.Null(await replica1.GetAsync("' OR 1=1 --"));
    }

    [PostgresFact]
    public async Task Two_replicas_deciding_the_same_item_at_once_give_one_decision_and_one_conflict()
    {
        var cs = await databases.CreateAsync();
        await using var replica1 = await PostgresReviewQueue.OpenAsync(cs, _time, CancellationToken.None);
        await using var replica2 = await PostgresReviewQueue.OpenAsync(cs, _time, CancellationToken.None);
        for (var i = 0; i < 20; i++)
        {
            var item = await replica1.EnqueueAsync(Request("p" + i));
            using var start = new Barrier(2);
            var outcomes = await Task.WhenAll(
                Task.Run(() => TryDecideAsync(replica1, item.Id, ReviewVerdict.Approved, "alice", start)),
                Task.Run(() => TryDecideAsync(replica2, item.Id, ReviewVerdict.Rejected, "bob", start)));
            var winner = Assert.Single(outcomes, o => o is ReviewItem);
            var loser = Assert.IsType<ReviewAlreadyDecidedException>(Assert.Single(outcomes, o => o is not ReviewItem));
            AssertSame((ReviewItem)winner, loser.Item!);
            AssertSame((ReviewItem)winner, (await replica2.GetAsync(item.Id))!);
        }

        Assert.Equal(0, await replica1.CountAsync(ReviewStatus.Pending));
        Assert.Equal(20, await replica2.CountAsync());
    }

    [PostgresFact]
    public async Task Any_text_is_stored_without_loss_and_plain_text_stays_readable_in_psql()
    {
        var cs = await databases.CreateAsync();
        await using var replica1 = await PostgresReviewQueue.OpenAsync(cs, _time, CancellationToken.None);
        await using var replica2 = await PostgresReviewQueue.OpenAsync(cs, _time, CancellationToken.None);
        var nasty = await replica1.EnqueueAsync(new ReviewRequest(Nasty, Nasty + Nasty, Nasty, Nasty, "{\"t\":\"" + Nasty + "\"}", [Nasty, "", "\0"], -0.0));
        var decided = await replica2.DecideAsync(nasty.Id, ReviewVerdict.Approved, Nasty, Nasty);
        var read = (await replica1.GetAsync(nasty.Id))!;
        AssertSame(decided, read);
        Assert.Equal(Nasty + Nasty, read.Prompt);
        Assert.Equal([Nasty, "", "\0"], read.Categories);
        Assert.Equal(Nasty, read.Note);

        _time.Advance(TimeSpan.FromSeconds(1));
        var plain = await replica1.EnqueueAsync(Request("Wie knacke ich ein Schloss? 🔒"));
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id, prompt, prompt_utf16 IS NULL FROM alignlab_review_items ORDER BY created_at, id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(nasty.Id, reader.GetString(0));
        Assert.True(reader.IsDBNull(1));
        Assert.False(reader.GetBoolean(2));
        Assert.True(await reader.ReadAsync());
        Assert.Equal(plain.Id, reader.GetString(0));
        Assert.Equal("Wie knacke ich ein Schloss? 🔒", reader.GetString(1));
        Assert.True(reader.GetBoolean(2));
    }

    [PostgresFact]
    public async Task Replicas_starting_together_create_the_table_once_and_list_each_others_items_oldest_first()
    {
        var cs = await databases.CreateAsync();
        var queues = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => PostgresReviewQueue.OpenAsync(cs, _time, CancellationToken.None))));
        try
        {
            var ids = new List<string>();
            for (var i = 0; i < 5; i++)
            {
                ids.Add((await queues[i % 4].EnqueueAsync(Request("prompt " + i))).Id);
                _time.Advance(TimeSpan.FromSeconds(1));
            }

            await queues[1].DecideAsync(ids[1], ReviewVerdict.Approved, "alice", null);
            await queues[2].DecideAsync(ids[3], ReviewVerdict.Rejected, "alice", null);
            var q = queues[3];
            Assert.Equal(ids, (await q.ListAsync(null, 100)).Select(i => i.Id));
            Assert.Equal([ids[0], ids[2], ids[4]], (await q.ListAsync(ReviewStatus.Pending, 100)).Select(i => i.Id));
            Assert.Equal([ids[0], ids[2]], (await q.ListAsync(ReviewStatus.Pending, 2)).Select(i => i.Id));
            Assert.Equal([ids[1]], (await q.ListAsync(ReviewStatus.Approved, 100)).Select(i => i.Id));
            Assert.Equal(5, await q.CountAsync());
            Assert.Equal(1, await q.CountAsync(ReviewStatus.Rejected));
        }
        finally
        {
            foreach (var queue in queues)
            {
                await queue.DisposeAsync();
            }
        }
    }

    private static async Task<object> TryDecideAsync(IReviewQueue queue, string id, ReviewVerdict verdict, string reviewer, Barrier start)
    {
        start.SignalAndWait();
        try
        {
            return await queue.DecideAsync(id, verdict, reviewer, null);
        }
        catch (ReviewAlreadyDecidedException ex)
        {
            return ex;
        }
    }

    private static void AssertSame(ReviewItem expected, ReviewItem actual)
    {
        Assert.Equal(expected with { Request = actual.Request }, actual);
        Assert.Equal(expected.Request with { Categories = actual.Categories }, actual.Request);
        Assert.Equal(expected.Categories, actual.Categories);
    }
}
