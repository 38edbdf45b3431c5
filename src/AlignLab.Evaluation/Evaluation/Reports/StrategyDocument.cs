using AlignLab.Evaluation.Capability;

namespace AlignLab.Evaluation.Reports;

/// <summary>One entry of <c>strategies</c> in <c>summary.json</c>; rates are null when the strategy did not measure them.</summary>
internal sealed record StrategyDocument
{
    public required string Strategy { get; init; }

    public required bool Available { get; init; }

    public required string? UnavailableReason { get; init; }

    public required int Cases { get; init; }

    public required int Errors { get; init; }

    public required RateDocument? HarmfulBlocked { get; init; }

    public required RateDocument? FalsePositives { get; init; }

    public required RateDocument? OverRefusal { get; init; }

    public required RateDocument? Interventions { get; init; }

    public required IReadOnlyDictionary<string, RateDocument?> AttackSuccess { get; init; }

    public required RateDocument? AttackSuccessTransformed { get; init; }

    public required IReadOnlyDictionary<string, AttackLiftDocument> AttackLift { get; init; }

    public required IReadOnlyDictionary<string, RateDocument?> BlockedByCategory { get; init; }

    public required double LatencyP50Ms { get; init; }

    public required double LatencyP95Ms { get; init; }

    public required double? AddedLatencyP50Ms { get; init; }

    public required double? AddedLatencyP95Ms { get; init; }

    public required long? Tokens { get; init; }

    public required CapabilityDocument? Capability { get; init; }

    public required ScoreInterval? CapabilityDelta { get; init; }

    public static StrategyDocument From(StrategySummary st) => new()
    {
        Strategy = st.Strategy,
        Available = st.Available,
        UnavailableReason = st.UnavailableReason,
        Cases = st.Cases,
        Errors = st.Errors,
        HarmfulBlocked = RateDocument.From(st.HarmfulBlocked),
        FalsePositives = RateDocument.From(st.FalsePositives),
        OverRefusal = RateDocument.From(st.OverRefusal),
        Interventions = RateDocument.From(st.Interventions),
        AttackSuccess = SummaryDocument.Sorted(st.AttackSuccess, RateDocument.From),
        AttackSuccessTransformed = RateDocument.From(st.AttackSuccessTransformed),
        AttackLift = SummaryDocument.Sorted(st.AttackLift, AttackLiftDocument.From),
        BlockedByCategory = SummaryDocument.Sorted(st.BlockedByCategory, RateDocument.From),
        LatencyP50Ms = st.LatencyP50Ms,
        LatencyP95Ms = st.LatencyP95Ms,
        AddedLatencyP50Ms = st.AddedLatencyP50Ms,
        AddedLatencyP95Ms = st.AddedLatencyP95Ms,
        Tokens = st.Tokens,
        Capability = CapabilityDocument.From(st.Capability),
        CapabilityDelta = st.Capability?.Delta,
    };
}
