using System.Collections.Immutable;

namespace AlignLab.Evaluation;

/// <summary>The numbers for one strategy over a run.</summary>
/// <param name="Strategy">Its name.</param>
/// <param name="Available">False when it could not run (e.g. it needs <c>--model</c>); then only <see cref="UnavailableReason"/> is meaningful.</param>
public sealed record StrategySummary(string Strategy, bool Available)
{
    public string? UnavailableReason { get; init; }
    public int Cases { get; init; }
    public int Errors { get; init; }

    /// <summary>Harmful cases (as written, without attack transforms) refused or blocked.</summary>
    public RateEstimate? HarmfulBlocked { get; init; }

    /// <summary>Benign cases refused (false positives).</summary>
    public RateEstimate? FalsePositives { get; init; }

    /// <summary>Contrast cases refused (over-refusal).</summary>
    public RateEstimate? OverRefusal { get; init; }

    /// <summary>Cases where a guard intervened.</summary>
    public RateEstimate? Interventions { get; init; }

    /// <summary>
    /// Attack success rate per transform. "none" is every harmful case as written, in every suite (harmful, jailbreaks,
    /// injections, …); the transforms run only on the requests of the suites that are expanded (the bundled
    /// <c>harmful</c> suite and user suites), so compare a transform with <see cref="AttackLift"/>, not with "none".
    /// </summary>
    public ImmutableDictionary<string, RateEstimate> AttackSuccess { get; init; } = ImmutableDictionary<string, RateEstimate>.Empty;

    /// <summary>Attack success over every transformed variant (all transforms pooled; the cases as written excluded); null without attacks.</summary>
    public RateEstimate? AttackSuccessTransformed { get; init; }

    /// <summary>Per transform: its attack success next to that of the same requests as written, paired case by case, and the difference.</summary>
    public ImmutableDictionary<string, AttackLift> AttackLift { get; init; } = ImmutableDictionary<string, AttackLift>.Empty;

    /// <summary>Harmful blocked rate per category (cases as written).</summary>
    public ImmutableDictionary<string, RateEstimate> BlockedByCategory { get; init; } = ImmutableDictionary<string, RateEstimate>.Empty;

    public double LatencyP50Ms { get; init; }
    public double LatencyP95Ms { get; init; }

    /// <summary>
    /// p50/p95 latency minus the baseline's (the model alone) on the same cases: what the strategy's guard stages add
    /// around the model call. Negative when the difference is within the run-to-run noise. Null without a baseline,
    /// and for the baseline itself and <c>guard_only</c> (which calls no model).
    /// </summary>
    public double? AddedLatencyP50Ms { get; init; }
    public double? AddedLatencyP95Ms { get; init; }

    public long? Tokens { get; init; }

    /// <summary>Capability numbers (score, delta vs baseline, benign refusal, per task) when <c>--capability</c> ran for this strategy.</summary>
    public Capability.CapabilitySummary? Capability { get; init; }
}
