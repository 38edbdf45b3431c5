using System.Text.Json.Serialization;

namespace AlignLab.Server.Audit.Analytics;

/// <summary>What <see cref="AuditAnalyzer"/> found in an audit log over a window of whole UTC days.</summary>
/// <param name="Source">The store read (no secrets).</param>
/// <param name="From">First day (inclusive).</param>
/// <param name="To">Last day (inclusive).</param>
/// <param name="ReferenceFrom">First day of the reference window for the drift index.</param>
/// <param name="ReferenceTo">Last day of the reference window.</param>
/// <param name="ReferenceScored">Scored records in the reference window.</param>
/// <param name="Totals">The whole window's figures.</param>
/// <param name="Days">One entry per day of the window, days without records included (with zero requests).</param>
/// <param name="Rules">Records per matched rule, most first.</param>
/// <param name="Categories">Records per named harm category, most first.</param>
/// <param name="Actions">Records per final action, most first.</param>
/// <param name="Endpoints">Records per endpoint, most first.</param>
/// <param name="Review">Review-queue outcomes, when a queue was read.</param>
/// <param name="UnreadableTraces">Records whose trace was not valid JSON (counted in every figure but rules, categories and scores).</param>
/// <param name="Metrics">The sections asked for (names as in <see cref="AuditMetrics"/>).</param>
public sealed record AuditReport(
    string Source,
    DateOnly From,
    DateOnly To,
    DateOnly ReferenceFrom,
    DateOnly ReferenceTo,
    long ReferenceScored,
    AuditDayStats Totals,
    IReadOnlyList<AuditDayStats> Days,
    IReadOnlyList<NamedCount> Rules,
    IReadOnlyList<NamedCount> Categories,
    IReadOnlyList<NamedCount> Actions,
    IReadOnlyList<NamedCount> Endpoints,
    ReviewOutcomes? Review,
    long UnreadableTraces,
    IReadOnlyList<string> Metrics)
{
    /// <summary>Whether the window held no record at all.</summary>
    [JsonIgnore]
    public bool IsEmpty => Totals.Requests == 0;

    /// <summary>Whether the section <paramref name="metric"/> was asked for.</summary>
    public bool Shows(string metric) => Metrics.Contains(metric, StringComparer.Ordinal);
}
