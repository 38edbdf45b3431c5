using AlignLab.Server.Preferences.Ratings;

namespace AlignLab.Server.Tests.Preferences.Ratings;

/// <summary>What every <see cref="IRatingStore"/> must do; run against SQLite and PostgreSQL.</summary>
public static class RatingStoreContract
{
    internal static async Task Batches_items_and_ratings_round_trip_and_a_second_save_replaces_the_first(IRatingStore store)
    {
        var ct = CancellationToken.None;
        RatingImportItem[] items =
        [
            new("k1", 1, "prompt ✓ \u0000 NUL", "first \uD83D\uDE00", "second"),
            new("k2", 3, "p2", "'); DROP TABLE ratings; --", "b"),
        ];

        var batch = await store.ImportAsync("file.jsonl", "importer", items, ct);
        var other = await store.ImportAsync("other", "importer", [new("z", 1, "p", "a", "b")], ct);

        Assert.Equal([other.Id, batch.Id], (await store.BatchesAsync(ct)).Select(b => b.Id));
        var reread = (await store.BatchAsync(batch.Id, ct))!;
        Assert.Equal((batch.Name, batch.CreatedBy, 2, batch.Salt), (reread.Name, reread.CreatedBy, reread.Items, reread.Salt));
        Assert.Null(await store.BatchAsync(other.Id + 100, ct));
        var first = (await store.ItemAtAsync(batch.Id, 0, ct))!;
        Assert.Equal(("k1", 1L, "prompt ✓ \u0000 NUL", "first \uD83D\uDE00", "second", 0), (first.Key, first.Line, first.Prompt, first.First,
            first.Second, first.Position));
        Assert.Null(await store.ItemAtAsync(batch.Id, 2, ct));
        Assert.Equal(first, await store.ItemAsync(first.Id, ct));
        var all = new List<RatingItem>();
        await foreach (var i in store.ItemsAsync(batch.Id, ct))
        {
            all.Add(i);
        }

        Assert.Equal(["k1", "k2"], all.Select(i => i.Key));

        var at = new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
        await store.SaveAsync(new RatingRecord(first.Id, "x", true, RatingChoice.First, 2, "reason \u0000", at), ct);
        await store.SaveAsync(new RatingRecord(first.Id, "x", true, RatingChoice.Second, 6, null, at.AddMinutes(1)), ct);
        await store.SaveAsync(new RatingRecord(first.Id, "y", false, RatingChoice.Tie, 4, "same", at), ct);
        await store.SaveAsync(new RatingRecord(all[1].Id, "y", false, RatingChoice.First, 1, null, at), ct);

        Assert.Equal(new RatingRecord(first.Id, "x", true, RatingChoice.Second, 6, null, at.AddMinutes(1)), await store.RatingAsync(first.Id,
            "x", ct));
        Assert.Null(await store.RatingAsync(all[1].Id, "x", ct));
        Assert.Equal((1, 2), (await store.RatedCountAsync(batch.Id, "x", ct), await store.RatedCountAsync(batch.Id, "y", ct)));
        var ratings = await store.RatingsAsync(batch.Id, ct);
        Assert.Equal([(first.Id, "x"), (first.Id, "y"), (all[1].Id, "y")], ratings.Select(r => (r.ItemId, r.Rater)));
        Assert.Empty(await store.RatingsAsync(other.Id, ct));
    }
}
