using Npgsql;

namespace AlignLab.Server.Storage;

/// <summary>Opening a PostgreSQL store: one data source per store, its table created once per database.</summary>
internal static class PostgresSchema
{
    // Any fixed number: every AlignLab store serialises its DDL on this transaction-level advisory lock.
    private const long DdlLock = 0x416C_6967_6E4C_6162;

    /// <summary>
    /// The most connections one store keeps open when the connection string does not say (Npgsql's own default is
    /// 100, PostgreSQL's default <c>max_connections</c> is 100, and a replica opens three stores). Beyond it, callers
    /// wait for a free connection (up to the connection string's <c>Timeout</c>) instead of the server refusing them
    /// with "too many clients".
    /// </summary>
    public const int DefaultMaxPoolSize = 10;

    /// <summary>
    /// A data source for <paramref name="builder"/>, with its pool capped at <see cref="DefaultMaxPoolSize"/> (or its
    /// <c>Minimum Pool Size</c>, if larger) unless the connection string sets <c>Maximum Pool Size</c> itself.
    /// </summary>
    public static NpgsqlDataSource CreateDataSource(NpgsqlConnectionStringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.Keys.Cast<string>().Contains("Maximum Pool Size", StringComparer.OrdinalIgnoreCase))
        {
            builder.MaxPoolSize = Math.Max(DefaultMaxPoolSize, builder.MinPoolSize);
        }

        return NpgsqlDataSource.Create(builder);
    }

    /// <summary>"PostgreSQL host:port/database" — never the password or any other part of the connection string.</summary>
    public static string Describe(NpgsqlConnectionStringBuilder builder) => $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";

    /// <summary>
    /// Creates a data source for <paramref name="connectionString"/> and runs <paramref name="ddl"/> (idempotent
    /// statements) in one transaction holding an advisory lock, so replicas starting together do not race on
    /// <c>CREATE TABLE IF NOT EXISTS</c> (which can otherwise fail with a duplicate pg_type key).
    /// </summary>
    public static async Task<(NpgsqlDataSource DataSource, string Description)> OpenAsync(string connectionString, string ddl, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var dataSource = CreateDataSource(builder);
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({DdlLock}); {ddl}", connection, transaction))
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return (dataSource, Describe(builder));
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Whether the database answers a trivial query.</summary>
    public static async Task<bool> IsReadyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }
}
