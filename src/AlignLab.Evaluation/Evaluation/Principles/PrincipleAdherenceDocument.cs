using System.Text.Json.Serialization;
using AlignLab.Evaluation.Reports;

namespace AlignLab.Evaluation.Principles;

/// <summary>The <c>principle_adherence</c> section of <c>summary.json</c>, as written.</summary>
internal sealed record PrincipleAdherenceDocument(
    string Strategy,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Judge,
    int Answers,
    int Errors,
    IReadOnlyList<PrincipleAdherenceDocument.Entry> Principles)
{
    public static PrincipleAdherenceDocument? From(PrincipleAdherenceSummary? s) => s is null
        ? null
        : new(s.Strategy, s.Judge, s.Answers, s.Errors, [.. s.Principles.Select(p => new Entry(p.Principle, RateDocument.Of(p.Follows), p.Unjudged))]);

    /// <summary>One principle: how often answers follow it, and how many answers the judge left unjudged for it.</summary>
    internal sealed record Entry(string Principle, RateDocument Follows, int Unjudged);
}
