namespace AlignLab.Server.Audit.Analytics;

/// <summary>
/// Reads an audit log in time order without loading it: records come page by page (keyset pagination on the time and
/// the insertion sequence), so a reader holds one page at a time whatever the size of the log.
/// </summary>
public interface IAuditReader : IAsyncDisposable
{
    /// <summary>Where the log lives (no secrets).</summary>
    string Description { get; }

    /// <summary>The records with <paramref name="from"/> ≤ time &lt; <paramref name="to"/>, oldest first.</summary>
    IAsyncEnumerable<AuditRecord> ReadAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}
