namespace AlignLab.Server.Preferences.Ratings;

/// <summary>The rating store that lives where the gateway's preference store does (same SQLite file, or same PostgreSQL database).</summary>
internal static class RatingStores
{
    /// <summary>The rating store beside <paramref name="preferences"/>.</summary>
    /// <exception cref="NotSupportedException">The preference store is neither SQLite nor PostgreSQL.</exception>
    public static IRatingStore For(IPreferenceStore preferences, TimeProvider time) => preferences switch
    {
        SqlitePreferenceStore sqlite => new SqliteRatingStore(sqlite.Path, time),
        PostgresPreferenceStore postgres => postgres.Ratings,
        _ => throw new NotSupportedException($"no rating store for {preferences.GetType().Name}"),
    };
}
