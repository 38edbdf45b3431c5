using AlignLab.Server.Preferences;
using AlignLab.Server.Preferences.Ratings;
using Microsoft.Extensions.Time.Testing;

namespace AlignLab.Server.Tests.Preferences.Ratings;

public sealed class SqliteRatingStoreTests
{
    [Fact]
    public async Task Batches_items_and_ratings_round_trip_in_the_preference_database_file()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, SqlitePreferenceStore.DefaultFileName);
        using var preferences = new SqlitePreferenceStore(path, TimeProvider.System);
        var store = (SqliteRatingStore)RatingStores.For(preferences, new FakeTimeProvider());

        await RatingStoreContract.Batches_items_and_ratings_round_trip_and_a_second_save_replaces_the_first(store);

        await preferences.AddAsync("p", "c", "r", null, "t", null, CancellationToken.None);
        Assert.Equal(1, await preferences.CountAsync(CancellationToken.None));
    }
}
