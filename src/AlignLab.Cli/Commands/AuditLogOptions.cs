using System.CommandLine;

namespace AlignLab.Cli.Commands;

/// <summary>
/// Where a command reads the gateway's audit log from: <c>--audit DB|postgres://…</c>, or
/// <c>--audit-postgres-env NAME</c>, which names an environment variable holding the PostgreSQL connection string
/// or URL, so a password never has to appear on a command line (where <c>ps</c> and shell history would show it),
/// as <c>serve --audit-postgres-env</c> does.
/// </summary>
internal sealed class AuditLogOptions
{
    public AuditLogOptions(string auditDescription)
    {
        Audit = new Option<string?>("--audit") { Description = auditDescription };
        PostgresEnv = new Option<string?>("--audit-postgres-env")
        {
            Description = "Instead of --audit: the name of an environment variable holding the audit log's PostgreSQL connection string or URL.",
        };
    }

    public Option<string?> Audit { get; }

    public Option<string?> PostgresEnv { get; }

    public void AddTo(Command command)
    {
        command.Options.Add(Audit);
        command.Options.Add(PostgresEnv);
    }

    /// <summary>The audit log the command was given, or null for none; both options at once is a usage error.</summary>
    public string? Resolve(ParseResult parse, Func<string, string?>? environment = null)
    {
        var audit = parse.GetValue(Audit);
        var name = parse.GetValue(PostgresEnv);
        if (name is null)
        {
            return audit;
        }

        if (audit is not null)
        {
            throw new CliUsageException("--audit and --audit-postgres-env name the same thing: give one of them");
        }

        return (environment ?? Environment.GetEnvironmentVariable)(name) is { Length: > 0 } value
            ? value
            : throw new CliUsageException($"--audit-postgres-env: the environment variable {name} is not set");
    }
}
