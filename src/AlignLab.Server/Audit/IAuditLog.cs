namespace AlignLab.Server.Audit;

/// <summary>A durable log of gateway decisions.</summary>
public interface IAuditLog : IAsyncDisposable
{
    /// <summary>Where the log lives, for <c>/readyz</c> and logs (no secrets).</summary>
    string Description { get; }

    /// <summary>Appends a record and completes once it is committed (durable across a crash of this process).</summary>
    Task AppendAsync(AuditRecord record, CancellationToken cancellationToken);

    /// <summary>The most recent records, newest first.</summary>
    Task<IReadOnlyList<AuditRecord>> RecentAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Whether the records with these ids are stored (returns the ids found).</summary>
    Task<IReadOnlySet<string>> FindAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken);

    /// <summary>Checks that the store can be written now.</summary>
    Task<bool> IsReadyAsync(CancellationToken cancellationToken);
}
