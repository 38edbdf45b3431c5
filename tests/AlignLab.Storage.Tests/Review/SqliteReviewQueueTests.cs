using System.Text;
using System.Text.Json;
using AlignLab.Runtime.Review;
using AlignLab.Testing.Review;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace AlignLab.Runtime.Tests.Review;

/// <summary>Durability and file-level behaviour of <see cref="SqliteReviewQueue"/>.</summary>
public sealed class SqliteReviewQueueTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly FakeTimeProvider _time = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task An_enqueued_item_survives_closing_and_reopening_the_file()
    {
        var path = _dir.File("durable.db");
        var trace = JsonSerializer.Serialize(new { action = "escalate", stage = "output", scores = new[] { 0.55, 0.4 }, note = "validators disagree" });
        ReviewItem item;
        await using (var queue = new SqliteReviewQueue(path, _time))
        {
            item = await queue.EnqueueAsync(ReviewQueueContractTests.Request() with { TraceJson = trace });
        }

        Assert.True(File.Exists(path));
        await using (var reopened = new SqliteReviewQueue(path, _time))
        {
            var read = await reopened.GetAsync(item.Id);
            Assert.NotNull(read);
            ReviewQueueContractTests.AssertSame(item, read);
            Assert.Equal(trace, read.TraceJson);
            using var doc = JsonDocument.Parse(read.TraceJson);
            Assert.Equal("escalate", doc.RootElement.GetProperty("action").GetString());

            // and it can still be decided after the reopen
            var decided = await reopened.DecideAsync(item.Id, ReviewVerdict.Approved, "alice", "fine");
            Assert.Equal(ReviewStatus.Approved, decided.Status);
        }

        await using var third = new SqliteReviewQueue(path, _time);
        Assert.Equal("alice", (await third.GetAsync(item.Id))!.Reviewer);
    }

    [Fact]
    public async Task The_file_is_a_sqlite_database_in_wal_mode_with_a_schema_version()
    {
        var path = _dir.File("wal.db");
        await using (var queue = new SqliteReviewQueue(path, _time))
        {
            await queue.EnqueueAsync(ReviewQueueContractTests.Request());
        }

        var header = new byte[16];
        await using (var f = File.OpenRead(path))
        {
            await f.ReadExactlyAsync(header);
        }

        Assert.Equal("SQLite format 3\0", Encoding.ASCII.GetString(header));

        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
        command.CommandText = "SELECT version FROM schema_version";
        Assert.Equal((long)SqliteReviewQueue.SchemaVersion, (long)(await command.ExecuteScalarAsync())!);
        command.CommandText = "SELECT prompt FROM review_items";
        Assert.Equal(ReviewQueueContractTests.Request().Prompt, (string?)await command.ExecuteScalarAsync()); // well-formed text stays readable TEXT
    }

    [Fact]
    public async Task A_newer_schema_version_is_refused()
    {
        var path = _dir.File("future.db");
        await using (var queue = new SqliteReviewQueue(path, _time))
        {
            await queue.CountAsync();
        }

        await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE schema_version SET version = 99";
            await command.ExecuteNonQueryAsync();
        }

        await using var reopened = new SqliteReviewQueue(path, _time);
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => reopened.CountAsync());
        Assert.Contains("99", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_instances_on_one_file_see_each_others_items_and_race_safely()
    {
        var path = _dir.File("shared.db");
        await using var a = new SqliteReviewQueue(path, _time);
        await using var b = new SqliteReviewQueue(path, _time);

        var enqueued = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => (i % 2 == 0 ? a : b).EnqueueAsync(ReviewQueueContractTests.Request("p" + i)))));
        Assert.Equal(40, await a.CountAsync());
        Assert.Equal(40, await b.CountAsync());

        var wins = await Task.WhenAll(enqueued.SelectMany(item => new[] { a, b }.Select(q => Task.Run(async () =>
        {
            try
            {
                await q.DecideAsync(item.Id, ReviewVerdict.Rejected, q == a ? "a" : "b", null);
                return 1;
            }
            catch (ReviewAlreadyDecidedException)
            {
                return 0;
            }
        }))));
        Assert.Equal(40, wins.Sum());
        Assert.Equal(40, await b.CountAsync(ReviewStatus.Rejected));
    }

    [SharedDataFact]
    public async Task Every_naughty_string_and_a_ten_megabyte_prompt_round_trip()
    {
        var strings = JsonSerializer.Deserialize<string[]>(await File.ReadAllTextAsync(Path.Combine(RepoPaths.SharedData, "blns", "blns.json")))!;
        Assert.True(strings.Length > 400);
        var path = _dir.File("blns.db");
        var ids = new List<string>();
        await using (var queue = new SqliteReviewQueue(path, _time))
        {
            foreach (var s in strings)
            {
                ids.Add((await queue.EnqueueAsync(new ReviewRequest(s, s, s, s, s, [s], 0.5))).Id);
            }
        }

        var big = new StringBuilder(10 * 1024 * 1024 + 16);
        var rnd = new Random(7);
        while (big.Length < 10 * 1024 * 1024)
        {
            big.Append((char)rnd.Next(0, 0x10000)); // any UTF-16 unit: NULs, lone surrogates, noncharacters
        }

        var prompt = big.ToString();
        string bigId;
        await using (var queue = new SqliteReviewQueue(path, _time))
        {
            bigId = (await queue.EnqueueAsync(ReviewQueueContractTests.Request(prompt))).Id;
        }

        await using var reopened = new SqliteReviewQueue(path, _time);
        for (var i = 0; i < strings.Length; i++)
        {
            var read = (await reopened.GetAsync(ids[i]))!;
            Assert.Equal(strings[i], read.Prompt);
            Assert.Equal(strings[i], read.TraceJson);
            Assert.Equal([strings[i]], read.Categories);
        }

        Assert.Equal(prompt, (await reopened.GetAsync(bigId))!.Prompt);
    }

    [Fact]
    public async Task A_disposed_queue_refuses_work()
    {
        var queue = new SqliteReviewQueue(_dir.File("disposed.db"), _time);
        await queue.EnqueueAsync(ReviewQueueContractTests.Request());
        await queue.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => queue.CountAsync());
    }
}
