namespace AlignLab.Server.Preferences;

/// <summary>
/// Where the dashboard keeps human preference pairs: <see cref="SqlitePreferenceStore"/> for one gateway,
/// <see cref="PostgresPreferenceStore"/> for several replicas sharing one database. Implementations are thread-safe.
/// </summary>
public interface IPreferenceStore
{
    /// <summary>Where the pairs are, for /readyz (a file path or <c>PostgreSQL host:port/db</c>; never a password).</summary>
    string Description { get; }

    /// <summary>Stores a pair and returns it with its id and time.</summary>
    Task<PreferencePair> AddAsync(string prompt, string chosen, string rejected, string? reason, string rater, string? source, CancellationToken cancellationToken);

    /// <summary>The newest <paramref name="limit"/> pairs, newest first.</summary>
    Task<IReadOnlyList<PreferencePair>> RecentAsync(int limit, CancellationToken cancellationToken);

    /// <summary>How many pairs are stored.</summary>
    Task<long> CountAsync(CancellationToken cancellationToken);

    /// <summary>Writes every pair, oldest first, as JSONL (<see cref="PreferenceJsonl"/>).</summary>
    Task ExportJsonlAsync(Stream output, CancellationToken cancellationToken);
}
