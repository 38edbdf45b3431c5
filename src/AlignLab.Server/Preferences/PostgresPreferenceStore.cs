using System.Runtime.CompilerServices;
using AlignLab.Server.Preferences.Ratings;
using AlignLab.Server.Storage;
using Npgsql;

namespace AlignLab.Server.Preferences;

/// <summary>
/// Preference pairs in PostgreSQL, for several gateway replicas sharing one database: a pair stored through any
/// replica is counted, listed and exported by all of them. Table <c>alignlab_preference_pairs</c>, created when missing;
/// ids come from an identity column (increasing, so "oldest first" is id order as with <see cref="SqlitePreferenceStore"/>).
/// Any string is stored without loss (<see cref="PostgresText"/>); times are UTC ticks.
/// </summary>
public sealed class PostgresPreferenceStore : PostgresStore, IPreferenceStore
{
    private static readonly string Columns = string.Join(", ",
        "id", PostgresText.Columns("prompt"), PostgresText.Columns("chosen"), PostgresText.Columns("rejected"),
        PostgresText.Columns("reason"), PostgresText.Columns("rater"), PostgresText.Columns("source"), "created_at");

    private static readonly string Ddl = $"""
        CREATE TABLE IF NOT EXISTS alignlab_preference_pairs (
          id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          {PostgresText.Definition("prompt")},
          {PostgresText.Definition("chosen")},
          {PostgresText.Definition("rejected")},
          {PostgresText.Definition("reason")},
          {PostgresText.Definition("rater")},
          {PostgresText.Definition("source")},
          created_at BIGINT NOT NULL);
        {PostgresRatingStore.Ddl}
        """;

    private PostgresPreferenceStore(NpgsqlDataSource dataSource, string description, TimeProvider? time)
        : base(dataSource, description, time)
    {
        Ratings = new PostgresRatingStore(dataSource, Time);
    }

    /// <summary>The rating queues in the same database (the dashboard's blinded rating page).</summary>
    internal PostgresRatingStore Ratings { get; }

    /// <summary>Connects and creates the table when needed.</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="timeProvider">Clock for the pairs' times; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public static async Task<PostgresPreferenceStore> OpenAsync(string connectionString, TimeProvider? timeProvider, CancellationToken cancellationToken)
    {
        var (dataSource, description) = await PostgresSchema.OpenAsync(connectionString, Ddl, cancellationToken).ConfigureAwait(false);
        return new PostgresPreferenceStore(dataSource, description, timeProvider);
    }

    /// <inheritdoc/>
    public async Task<PreferencePair> AddAsync(string prompt, string chosen, string rejected, string? reason, string rater, string? source, CancellationToken cancellationToken)
    {
        PreferencePair.CheckArguments(prompt, chosen, rejected, rater);
        var now = Time.GetUtcNow();
        await using var command = DataSource.CreateCommand(
            $"INSERT INTO alignlab_preference_pairs ({Columns.Replace("id, ", "", StringComparison.Ordinal)}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id");
        foreach (var text in new[] { prompt, chosen, rejected, reason, rater, source })
        {
            PostgresText.Add(command.Parameters, text);
        }

        command.Parameters.Add(new NpgsqlParameter { Value = now.UtcTicks });
        var id = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        return new PreferencePair(id, prompt, chosen, rejected, reason, rater, source, now);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<PreferencePair>> RecentAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return await ReadAsync("ORDER BY id DESC LIMIT $1", limit, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var command = DataSource.CreateCommand("SELECT COUNT(*) FROM alignlab_preference_pairs");
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <inheritdoc/>
    public Task ExportJsonlAsync(Stream output, CancellationToken cancellationToken) =>
        PreferenceJsonl.WriteAsync(ReadAsync("ORDER BY id", null, cancellationToken), output, cancellationToken);

    private async IAsyncEnumerable<PreferencePair> ReadAsync(string tail, int? limit, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = DataSource.CreateCommand($"SELECT {Columns} FROM alignlab_preference_pairs {tail}");
        if (limit is { } l)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = l });
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new PreferencePair(
                reader.GetInt64(0),
                PostgresText.ReadRequired(reader, 1),
                PostgresText.ReadRequired(reader, 3),
                PostgresText.ReadRequired(reader, 5),
                PostgresText.Read(reader, 7),
                PostgresText.ReadRequired(reader, 9),
                PostgresText.Read(reader, 11),
                new DateTimeOffset(reader.GetInt64(13), TimeSpan.Zero));
        }
    }
}
