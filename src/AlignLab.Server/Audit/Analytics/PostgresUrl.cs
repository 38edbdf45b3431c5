using System.Globalization;
using Npgsql;

namespace AlignLab.Server.Audit.Analytics;

/// <summary>Turns a <c>postgres://user:password@host:port/database?sslmode=…</c> URL into an Npgsql connection string.</summary>
public static class PostgresUrl
{
    /// <summary>Whether <paramref name="text"/> is a <c>postgres://</c> or <c>postgresql://</c> URL.</summary>
    public static bool IsUrl(string text) =>
        text is not null && (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase));

    /// <summary>The connection string for a URL; any other text is returned unchanged (taken as a connection string).</summary>
    /// <exception cref="FormatException">The URL cannot be parsed.</exception>
    public static string ToConnectionString(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!IsUrl(text))
        {
            return text;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException("not a postgres:// URL: expected postgres://user:password@host:port/database");
        }

        var b = new NpgsqlConnectionStringBuilder { Host = uri.Host, Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port };
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            b.Database = database;
        }

        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            b.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                b.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "true" : Uri.UnescapeDataString(pair[(eq + 1)..]);
            try
            {
                b[key.ToLower(CultureInfo.InvariantCulture) == "sslmode" ? "SSL Mode" : key] = value;
            }
            catch (ArgumentException e)
            {
                throw new FormatException($"postgres URL option '{key}' is not one Npgsql knows", e);
            }
        }

        return b.ConnectionString;
    }
}
