using System.Text;
using AlignLab.Server.Preferences;
using AlignLab.Server.Tests.Dashboard;
using AlignLab.Server.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace AlignLab.Server.Tests.Preferences;

/// <summary><see cref="PostgresPreferenceStore"/> shared by two instances, and its export against the SQLite store's.</summary>
public sealed class PostgresPreferenceStoreTests(PostgresDatabases databases) : IClassFixture<PostgresDatabases>
{
    [PostgresFact]
    public async Task Pairs_added_through_one_replica_are_counted_listed_and_exported_by_the_other_exactly_as_sqlite_exports_them()
    {
        var cs = await databases.CreateAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero).AddTicks(7));
        await using var replica1 = await PostgresPreferenceStore.OpenAsync(cs, time, CancellationToken.None);
        await using var replica2 = await PostgresPreferenceStore.OpenAsync(cs, time, CancellationToken.None);
        using var dir = new TempDir();
        using var sqlite = new SqlitePreferenceStore(Path.Combine(dir.Path, SqlitePreferenceStore.DefaultFileName), time);

        var pairs = new (string Prompt, string Chosen, string Rejected, string? Reason, string? Source)[]
        {
            ("p1", "good \"quoted\"\nanswer", "bad", "clearer", "manual"),
            ("p2 ✓ \u0000 NUL", "a", "b", null, null),
            ("p3 emoji \uD83D\uDE00", "x", "y", "'); DROP TABLE alignlab_preference_pairs; --", "base-vs-aligned"),
        };
        var added = new List<PreferencePair>();
        foreach (var (p, i) in pairs.Select((p, i) => (p, i)))
        {
            added.Add(await (i % 2 == 0 ? replica1 : replica2).AddAsync(p.Prompt, p.Chosen, p.Rejected, p.Reason, "rater" + i, p.Source, CancellationToken.None));
            await sqlite.AddAsync(p.Prompt, p.Chosen, p.Rejected, p.Reason, "rater" + i, p.Source, CancellationToken.None);
            time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(3, await replica2.CountAsync(CancellationToken.None));
        Assert.Equal(Enumerable.Reverse(added), await replica2.RecentAsync(10, CancellationToken.None));
        Assert.Equal([added[2], added[1]], await replica1.RecentAsync(2, CancellationToken.None));

        var fromPostgres = await ExportAsync(replica2);
        Assert.Equal(3, fromPostgres.TrimEnd('\n').Split('\n').Length);
        Assert.Contains("\"prompt\":\"p2 ✓ \\u0000 NUL\"", fromPostgres, StringComparison.Ordinal);
        Assert.Equal(await ExportAsync(sqlite), fromPostgres);
    }

    [PostgresFact]
    public async Task A_lone_surrogate_is_kept()
    {
        var cs = await databases.CreateAsync();
        await using var store = await PostgresPreferenceStore.OpenAsync(cs, null, CancellationToken.None);
        await store.AddAsync("lone \uD800", "a\uDC00", "b", "r\0", "rater", null, CancellationToken.None);
        var pair = Assert.Single(await store.RecentAsync(1, CancellationToken.None));
        Assert.Equal(("lone \uD800", "a\uDC00", "r\0"), (pair.Prompt, pair.Chosen, pair.Reason));
    }

    private static async Task<string> ExportAsync(IPreferenceStore store)
    {
        using var output = new MemoryStream();
        await store.ExportJsonlAsync(output, CancellationToken.None);
        return Encoding.UTF8.GetString(output.ToArray());
    }
}
