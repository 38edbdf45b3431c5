namespace AlignLab.Evaluation.Profiling;

/// <summary>Where the input guard's time goes: per stage, overall and by input length (<see cref="GuardProfiler.Profile"/>).</summary>
public sealed record GuardProfile
{
    /// <summary>The constitution's name.</summary>
    public required string Policy { get; init; }

    /// <summary>Whether the guard runs a classifier (and so whether the classify stage was measured).</summary>
    public required bool Classifier { get; init; }

    /// <summary>Distinct cases.</summary>
    public required int Cases { get; init; }

    /// <summary>Timed passes over the cases.</summary>
    public required int Repeat { get; init; }

    /// <summary>Whether an untimed warm-up pass ran first.</summary>
    public required bool WarmUp { get; init; }

    /// <summary>normalize, classify (when there is a classifier), rules_and_decision and evaluate (their sum), in that order.</summary>
    public required IReadOnlyList<StageTiming> Stages { get; init; }

    /// <summary>The four length buckets, shortest first (empty ones included).</summary>
    public required IReadOnlyList<LengthBucket> Buckets { get; init; }

    /// <summary>Cases the whole guard checks per second on one thread (samples ÷ total evaluate time).</summary>
    public required double CasesPerSecond { get; init; }

    /// <summary>The stage named <paramref name="stage"/>, or null.</summary>
    public StageTiming? Stage(string stage) => Stages.FirstOrDefault(s => s.Stage == stage);
}
