namespace AlignLab.Cli.Commands;

/// <summary>The options of <c>alignlab report --audit</c> as given on the command line.</summary>
internal sealed record AuditReportArguments(string Audit, string? From, string? To)
{
    public IReadOnlyList<string>? Metrics { get; init; }

    public string? Output { get; init; }

    public string? ReferenceFrom { get; init; }

    public string? ReferenceTo { get; init; }

    public string? Review { get; init; }
}
