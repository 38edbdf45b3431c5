using AlignLab.Server.Preferences;
using AlignLab.Server.Preferences.Ratings;
using AlignLab.Server.Tests.Support;

namespace AlignLab.Server.Tests.Preferences.Ratings;

/// <summary><see cref="PostgresRatingStore"/> through the preference store that owns it, shared by two replicas.</summary>
public sealed class PostgresRatingStoreTests(PostgresDatabases databases) : IClassFixture<PostgresDatabases>
{
    [PostgresFact]
    public async Task Batches_items_and_ratings_round_trip_in_the_preference_database()
    {
        var cs = await databases.CreateAsync();
        await using var preferences = await PostgresPreferenceStore.OpenAsync(cs, null, CancellationToken.None);

        await RatingStoreContract.Batches_items_and_ratings_round_trip_and_a_second_save_replaces_the_first(RatingStores.For(preferences,
            TimeProvider.System));
    }

    [PostgresFact]
    public async Task A_rating_saved_through_one_replica_is_read_by_the_other()
    {
        var cs = await databases.CreateAsync();
        await using var replica1 = await PostgresPreferenceStore.OpenAsync(cs, null, CancellationToken.None);
        await using var replica2 = await PostgresPreferenceStore.OpenAsync(cs, null, CancellationToken.None);
        var batch = await replica1.Ratings.ImportAsync("b", "t", [new("k", 1, "p", "a", "b")], CancellationToken.None);
        var item = (await replica2.Ratings.ItemAtAsync(batch.Id, 0, CancellationToken.None))!;

        await replica2.Ratings.SaveAsync(new RatingRecord(item.Id, "x", false, RatingChoice.First, 3, null, DateTimeOffset.UnixEpoch),
            CancellationToken.None);

        Assert.Equal(RatingChoice.First, (await replica1.Ratings.RatingAsync(item.Id, "x", CancellationToken.None))!.Winner);
    }
}
