using Xunit;

namespace AlignLab.Testing.Support;

/// <summary>A fact that needs a throw-away PostgreSQL (<see cref="TemporaryPostgres"/>); skipped, saying why, where none can run.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TemporaryPostgres.Unavailable() is { } reason)
        {
            Skip = reason;
        }
    }
}
