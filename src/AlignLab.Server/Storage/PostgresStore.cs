using Npgsql;

namespace AlignLab.Server.Storage;

/// <summary>
/// What the gateway's PostgreSQL stores share: one connection pool (data source) per store, a description for
/// /readyz that never includes the password, and the clock their rows are stamped with.
/// </summary>
public abstract class PostgresStore : IAsyncDisposable
{
    private protected PostgresStore(NpgsqlDataSource dataSource, string description, TimeProvider? timeProvider)
    {
        DataSource = dataSource;
        Description = description;
        Time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Where the store is, e.g. <c>PostgreSQL db:5432/alignlab</c> (never the password).</summary>
    public string Description { get; }

    private protected NpgsqlDataSource DataSource { get; }

    private protected TimeProvider Time { get; }

    /// <summary>Closes the connection pool.</summary>
    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return DataSource.DisposeAsync();
    }
}
