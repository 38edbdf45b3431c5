using AlignLab.Server.Audit;
using AlignLab.Server.Audit.Analytics;
using AlignLab.Server.Hosting;
using AlignLab.Server.Policies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AlignLab.Server.Operations;

/// <summary>Opens the policy history / A/B store where the audit log is: for the gateway, and read-only for the command line.</summary>
public static class OperationsStores
{
    /// <summary>The log category of the operations events.</summary>
    public const string LogCategory = "AlignLab.Server.Operations";

    /// <summary>The gateway's store: in the audit log's PostgreSQL database, else in its SQLite file.</summary>
    public static async Task<IOperationsStore> OpenForGatewayAsync(GatewayOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.AuditPostgresConnectionString is { } pg
            ? await PostgresOperationsStore.OpenAsync(pg, cancellationToken).ConfigureAwait(false)
            : SqliteOperationsStore.Open(options.AuditDatabasePath, readOnly: false, options.AuditCommitTimeout);
    }

    /// <summary>
    /// The store of an audit log named on the command line: a SQLite file (opened read-only) or a <c>postgres://</c> URL or
    /// Npgsql connection string.
    /// </summary>
    /// <exception cref="OperationsStoreException">Missing, corrupt or foreign file; unreachable database.</exception>
    /// <exception cref="FormatException">A malformed <c>postgres://</c> URL.</exception>
    public static async Task<IOperationsStore> OpenForReadingAsync(string audit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(audit);
        return PostgresUrl.IsUrl(audit) || audit.Contains("Host=", StringComparison.OrdinalIgnoreCase)
            ? await PostgresOperationsStore.OpenAsync(PostgresUrl.ToConnectionString(audit), cancellationToken).ConfigureAwait(false)
            : SqliteOperationsStore.Open(audit, readOnly: true);
    }

    /// <summary>The gateway's <see cref="PolicyOperations"/>, from its registered services.</summary>
    internal static PolicyOperations CreateOperations(IServiceProvider services, GatewayOptions options) =>
        new(services.GetRequiredService<IOperationsStore>(), services.GetRequiredService<PolicyStore>(), services.GetRequiredService<IAuditLog>(),
            options.AutoRollback, options.TimeProvider, services.GetRequiredService<ILoggerFactory>().CreateLogger(LogCategory));
}
