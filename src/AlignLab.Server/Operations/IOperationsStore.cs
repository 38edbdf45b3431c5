namespace AlignLab.Server.Operations;

/// <summary>
/// The policy history and the A/B experiments, kept in the audit store (the same SQLite file or PostgreSQL database)
/// so that every replica sees them and they survive restarts. Arm outcomes are counted from the audit records themselves.
/// </summary>
public interface IOperationsStore : IAsyncDisposable
{
    /// <summary>Where the store lives (never a password).</summary>
    string Description { get; }

    /// <summary>Appends an applied version; returns it with its <see cref="PolicyVersionEntry.Seq"/>.</summary>
    Task<PolicyVersionEntry> AppendVersionAsync(PolicyVersionEntry entry, CancellationToken cancellationToken);

    /// <summary>The history, newest first: of one arm (or all when null), applied in [from, to), at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<PolicyVersionEntry>> HistoryAsync(string? arm, DateTimeOffset? from, DateTimeOffset? to, int limit,
        CancellationToken cancellationToken);

    /// <summary>
    /// The newest entry whose version starts with <paramref name="version"/> (at least 4 hex digits), of
    /// <paramref name="arm"/> when given, or of any arm; null when there is none.
    /// </summary>
    /// <exception cref="ArgumentException">The prefix is not 4 to 64 hex digits, or names more than one version.</exception>
    Task<PolicyVersionEntry?> FindVersionAsync(string version, string? arm, CancellationToken cancellationToken);

    /// <summary>
    /// Joins the open experiment of these two versions, or starts one with <paramref name="split"/> (ending any other
    /// open experiment). Returns the experiment, whose split may differ from <paramref name="split"/> when another replica started it.
    /// </summary>
    Task<AbExperiment> JoinExperimentAsync(string versionA, string versionB, double split, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The open experiment, else the one that ended last; null when there has been none.</summary>
    Task<AbExperiment?> CurrentExperimentAsync(CancellationToken cancellationToken);

    /// <summary>Ends an experiment, naming the promoted arm (or none).</summary>
    Task EndExperimentAsync(string id, string? winner, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Each arm's outcomes in the experiment, from its start to its end (or now), counted from the audit records.</summary>
    Task<IReadOnlyList<AbArmCounts>> CountArmsAsync(AbExperiment experiment, CancellationToken cancellationToken);

    /// <summary>Content decisions (and how many were blocked) by one version of an arm in [from, to).</summary>
    Task<(long Requests, long Blocked)> CountVersionAsync(string arm, string version, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken);
}
