using AlignLab.Evaluation.Capability;

namespace AlignLab.Evaluation.Reports;

/// <summary>A strategy's <c>capability</c> object in <c>summary.json</c> (tasks in ordinal order).</summary>
internal sealed record CapabilityDocument(
    ScoreInterval? Score,
    int Items,
    int Errors,
    RateDocument? BenignRefusal,
    IReadOnlyDictionary<string, ScoreInterval> Tasks)
{
    public static CapabilityDocument? From(CapabilitySummary? c) => c is null
        ? null
        : new(c.Score, c.Items, c.Errors, RateDocument.From(c.BenignRefusal), SummaryDocument.Sorted(c.Tasks, t => t));
}
