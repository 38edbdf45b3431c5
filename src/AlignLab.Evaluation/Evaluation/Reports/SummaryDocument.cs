using System.Globalization;
using System.Text.Json.Serialization;
using AlignLab.Evaluation.Principles;

namespace AlignLab.Evaluation.Reports;

/// <summary><c>summary.json</c> as written: the order of the properties here is the order in the file.</summary>
internal sealed record SummaryDocument
{
    public string Schema { get; init; } = EvalReportJson.SummarySchema;

    public required string RunId { get; init; }

    /// <summary>The round-trip ("O") form, which keeps all seven fraction digits.</summary>
    public required string StartedAt { get; init; }

    public required double DurationSeconds { get; init; }

    public required string Policy { get; init; }

    public required string? Model { get; init; }

    public required IReadOnlyList<string> Suites { get; init; }

    public required IReadOnlyList<string> Attacks { get; init; }

    public required int Seed { get; init; }

    public required int Cases { get; init; }

    public required string? CaseSet { get; init; }

    public required IReadOnlyList<StrategyDocument> Strategies { get; init; }

    public required CapabilityRunDocument Capability { get; init; }

    /// <summary>Only when <c>eval --principle-judge</c> ran (the key is absent otherwise).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public required PrincipleAdherenceDocument? PrincipleAdherence { get; init; }

    public required IReadOnlyList<GateResult> Gates { get; init; }

    public static SummaryDocument From(EvalSummary s) => new()
    {
        RunId = s.RunId,
        StartedAt = s.StartedAt.ToString("O", CultureInfo.InvariantCulture),
        DurationSeconds = s.DurationSeconds,
        Policy = s.Policy,
        Model = s.Model,
        Suites = CapabilityRunDocument.OrEmpty(s.Suites),
        Attacks = CapabilityRunDocument.OrEmpty(s.Attacks),
        Seed = s.Seed,
        Cases = s.Cases,
        CaseSet = s.CaseSet,
        Strategies = [.. s.Strategies.Select(StrategyDocument.From)],
        Capability = CapabilityRunDocument.From(s),
        PrincipleAdherence = PrincipleAdherenceDocument.From(s.PrincipleAdherence),
        Gates = s.Gates.IsDefault ? [] : s.Gates,
    };

    /// <summary>The entries in ordinal key order, so the file does not depend on hash order.</summary>
    public static IReadOnlyDictionary<string, TOut> Sorted<TIn, TOut>(IReadOnlyDictionary<string, TIn> values, Func<TIn, TOut> map)
    {
        var sorted = new SortedDictionary<string, TOut>(StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            sorted[key] = map(value);
        }

        return sorted;
    }
}
