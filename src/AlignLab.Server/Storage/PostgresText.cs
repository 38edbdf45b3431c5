using AlignLab.Runtime.Review;
using Npgsql;
using NpgsqlTypes;

namespace AlignLab.Server.Storage;

/// <summary>
/// Stores any .NET string in PostgreSQL without loss, in a pair of columns <c>x TEXT</c> and <c>x_utf16 BYTEA</c>.
/// Well-formed text without NUL (nearly everything) goes in the TEXT column, readable with psql; a string PostgreSQL
/// text cannot hold (a NUL or a lone surrogate) goes in the BYTEA column as its UTF-16LE code units. At most one of
/// the two is non-null; both are null for a null string.
/// </summary>
internal static class PostgresText
{
    /// <summary>The two column names for <paramref name="name"/>, as a select or insert list fragment.</summary>
    public static string Columns(string name) => $"{name}, {name}_utf16";

    /// <summary>The two column definitions for <paramref name="name"/> in a CREATE TABLE.</summary>
    public static string Definition(string name) => $"{name} TEXT, {name}_utf16 BYTEA";

    /// <summary>Adds the two positional parameters that hold <paramref name="value"/>.</summary>
    public static void Add(NpgsqlParameterCollection parameters, string? value)
    {
        var stored = LosslessText.ToDb(value);
        parameters.Add(new NpgsqlParameter { Value = stored as string ?? (object)DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        parameters.Add(new NpgsqlParameter { Value = stored as byte[] ?? (object)DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bytea });
    }

    /// <summary>Reads the string stored in the column pair starting at <paramref name="ordinal"/>.</summary>
    public static string? Read(NpgsqlDataReader reader, int ordinal)
    {
        if (!reader.IsDBNull(ordinal))
        {
            return reader.GetString(ordinal);
        }

        return reader.IsDBNull(ordinal + 1) ? null : LosslessText.FromDb(reader.GetFieldValue<byte[]>(ordinal + 1));
    }

    /// <summary>Like <see cref="Read"/> for a column that is never null.</summary>
    public static string ReadRequired(NpgsqlDataReader reader, int ordinal) =>
        Read(reader, ordinal) ?? throw new InvalidDataException($"Column {reader.GetName(ordinal)} is null in a row where it is required.");
}
