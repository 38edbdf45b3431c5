using Microsoft.Data.Sqlite;
using Npgsql;

namespace AlignLab.Server.Audit;

/// <summary>
/// Brings an audit table made before issue 19 item 6 up to date: the <c>context</c> and <c>profile</c> columns (what a
/// request chose) are added, empty, to a table that lacks them. Older rows keep null there (the default). Two
/// gateways opening one old store at once may both try; the one that finds the column already added goes on.
/// </summary>
internal static class AuditSchemaMigration
{
    private static readonly string[] SelectionColumns = ["context", "profile"];

    /// <summary>Adds the missing selection columns to the SQLite <c>audit</c> table.</summary>
    public static void AddSelectionColumns(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var present = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using (var info = connection.CreateCommand())
        {
            info.CommandText = "SELECT name FROM pragma_table_info('audit')";
            using var reader = info.ExecuteReader();
            while (reader.Read())
            {
                present.Add(reader.GetString(0));
            }
        }

        foreach (var column in SelectionColumns.Where(c => !present.Contains(c)))
        {
            try
            {
                using var alter = connection.CreateCommand();
                alter.CommandText = $"ALTER TABLE audit ADD COLUMN {column} TEXT";
                alter.ExecuteNonQuery();
            }
            catch (SqliteException ex) when (ex.Message.Contains("duplicate column", StringComparison.OrdinalIgnoreCase))
            {
                // Another process added it between our look and our change.
            }
        }
    }

    /// <summary>Adds the missing selection columns to PostgreSQL's <c>alignlab_audit</c> table.</summary>
    public static async Task AddSelectionColumnsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        foreach (var column in SelectionColumns)
        {
            try
            {
                await using var alter = connection.CreateCommand();
                alter.CommandText = $"ALTER TABLE alignlab_audit ADD COLUMN IF NOT EXISTS {column} TEXT";
                await alter.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.DuplicateColumn or PostgresErrorCodes.UniqueViolation)
            {
                // Another replica added it at the same moment (IF NOT EXISTS does not lock against that race).
            }
        }
    }
}
