using System.Globalization;
using Microsoft.Data.Sqlite;

namespace AlignLab.Server.Preferences;

/// <summary>
/// Preference pairs collected in the dashboard, in one SQLite file (created on first use, WAL, parameterised
/// statements, one pooled connection per operation), for a single gateway. Exported as <see cref="PreferenceJsonl"/>.
/// </summary>
public sealed class SqlitePreferenceStore : IPreferenceStore, IDisposable
{
    /// <summary>The file name used beside the review database.</summary>
    public const string DefaultFileName = "alignlab-preferences.db";

    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _initGate = new(1, 1);
    private volatile bool _initialized;

    /// <summary>Opens (creating on first use) the store at <paramref name="path"/>; its folder must exist.</summary>
    public SqlitePreferenceStore(string path, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(time);
        Path = System.IO.Path.GetFullPath(path);
        _time = time;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    public string Description => "SQLite " + Path;

    /// <inheritdoc/>
    public async Task<PreferencePair> AddAsync(string prompt, string chosen, string rejected, string? reason, string rater, string? source, CancellationToken cancellationToken)
    {
        PreferencePair.CheckArguments(prompt, chosen, rejected, rater);
        var now = _time.GetUtcNow();
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO preference_pairs (prompt, chosen, rejected, reason, rater, source, created_at) VALUES ($prompt, $chosen, $rejected, $reason, $rater, $source, $created) RETURNING id";
        command.Parameters.AddWithValue("$prompt", prompt);
        command.Parameters.AddWithValue("$chosen", chosen);
        command.Parameters.AddWithValue("$rejected", rejected);
        command.Parameters.AddWithValue("$reason", (object?)reason ?? DBNull.Value);
        command.Parameters.AddWithValue("$rater", rater);
        command.Parameters.AddWithValue("$source", (object?)source ?? DBNull.Value);
        command.Parameters.AddWithValue("$created", now.UtcTicks);
        var id = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        return new PreferencePair(id, prompt, chosen, rejected, reason, rater, source, now);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<PreferencePair>> RecentAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return await ReadAsync("ORDER BY id DESC LIMIT $limit", limit, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM preference_pairs";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    /// <inheritdoc/>
    public Task ExportJsonlAsync(Stream output, CancellationToken cancellationToken) =>
        PreferenceJsonl.WriteAsync(ReadAsync("ORDER BY id", null, cancellationToken), output, cancellationToken);

    /// <summary>Releases the pooled connections (so the file can be deleted).</summary>
    public void Dispose()
    {
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        _initGate.Dispose();
    }

    private async IAsyncEnumerable<PreferencePair> ReadAsync(string tail, int? limit, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, prompt, chosen, rejected, reason, rater, source, created_at FROM preference_pairs " + tail;
        if (limit is { } l)
        {
            command.Parameters.AddWithValue("$limit", l);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new PreferencePair(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                new DateTimeOffset(reader.GetInt64(7), TimeSpan.Zero));
        }
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_initialized)
        {
            await _initGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!_initialized)
                {
                    await using var init = new SqliteConnection(_connectionString);
                    await init.OpenAsync(cancellationToken).ConfigureAwait(false);
                    await using var command = init.CreateCommand();
                    command.CommandText = """
                        PRAGMA journal_mode=WAL;
                        CREATE TABLE IF NOT EXISTS preference_pairs (
                            id INTEGER PRIMARY KEY AUTOINCREMENT,
                            prompt TEXT NOT NULL,
                            chosen TEXT NOT NULL,
                            rejected TEXT NOT NULL,
                            reason TEXT NULL,
                            rater TEXT NOT NULL,
                            source TEXT NULL,
                            created_at INTEGER NOT NULL);
                        """;
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    _initialized = true;
                }
            }
            finally
            {
                _initGate.Release();
            }
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA synchronous=FULL;";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
