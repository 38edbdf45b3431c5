using System.Collections.Immutable;
using AlignLab.Adversarial;
using AlignLab.Evaluation.Suites;
using AlignLab.Runtime.Evaluation;

namespace AlignLab.Evaluation.Orchestration;

/// <summary>What one <see cref="EvaluationSession"/> evaluates, with what, and where it writes.</summary>
public sealed record EvalSessionOptions
{
    /// <summary>The run directory (created by the caller, who also keeps other runs out of it while this one lasts).</summary>
    public required string Directory { get; init; }

    /// <summary>The run id (replaced by the saved one when a run is resumed).</summary>
    public required string RunId { get; init; }

    /// <summary>The policy's name.</summary>
    public required string Policy { get; init; }

    /// <summary>The suites whose cases are evaluated.</summary>
    public required SuiteSet Suites { get; init; }

    /// <summary>The strategies that run on every case.</summary>
    public required IReadOnlyList<IEvalStrategy> Strategies { get; init; }

    /// <summary>Strategies that were asked for but cannot run, with the reason the report shows for each.</summary>
    public ImmutableDictionary<string, string> Unavailable { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>Adversarial transforms applied to the harmful cases written as such (not to jailbreaks or injections).</summary>
    public IReadOnlyList<IPromptTransform> Attacks { get; init; } = [];

    /// <summary>Every strategy name in report order (the summary lists strategies in this order).</summary>
    public IReadOnlyList<string> StrategyOrder { get; init; } = EvalStrategies.Names;

    /// <summary>The strategy the gates are checked on when it ran; else the first available one in <see cref="StrategyOrder"/>.</summary>
    public string PrimaryStrategy { get; init; } = "full_pipeline";

    /// <summary>Gates checked on the primary strategy; a run that measured nothing fails them as not measured.</summary>
    public ImmutableArray<EvalGate> Gates { get; init; } = [];

    /// <summary>The model under test as the summary names it, or null for a guard-only run.</summary>
    public string? Model { get; init; }

    /// <summary>The model under test as provider:model (run.json: a resumed run must use the same model; the endpoint may change).</summary>
    public string? ModelIdentity { get; init; }

    /// <summary>The output judge as provider:model (recorded in run.json like <see cref="ModelIdentity"/>).</summary>
    public string? Judge { get; init; }

    /// <summary>
    /// The safety classifier as run.json records it (<c>none</c>, or <c>sha256:</c> and the start of its digest); null: not
    /// recorded. A resumed run must use the same classifier.
    /// </summary>
    public string? ClassifierIdentity { get; init; }

    /// <summary>
    /// The tiers that decide with the classifier as run.json records it (<c>fast</c>, or <c>fast+contextual …</c>); null:
    /// <c>fast</c>. A resumed run must use the same tiers, so one report never mixes them.
    /// </summary>
    public string? Tiers { get; init; }

    /// <summary>The column options the suites were read with (recorded in run.json).</summary>
    public SuiteOptions SuiteOptions { get; init; } = new();

    /// <summary>Seed for the attacks (and the capability intervals).</summary>
    public int Seed { get; init; }

    /// <summary>Cases evaluated at once.</summary>
    public int Concurrency { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Continue the results already in the directory (skip the cases they hold) instead of refusing to start.</summary>
    public bool Resume { get; init; }

    /// <summary>When the run started (null: when the session is created).</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>The clock for the start time and the duration.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Watches the model under test (null: errored results are written as they come).</summary>
    public IEvalModelWatch? ModelWatch { get; init; }

    /// <summary>Runs the capability suites after the safety cases, unless the run was cancelled (null: none).</summary>
    public Func<CancellationToken, Task<EvalCapabilityOutcome>>? Capability { get; init; }

    /// <summary>
    /// Scores the answers of the given strategy (the primary one) against constitution principles after the cases ran
    /// (eval --principle-judge); null (the default) leaves the run without the section.
    /// </summary>
    public Func<string, CancellationToken, Task<Principles.PrincipleAdherenceSummary>>? PrincipleAdherence { get; init; }

    /// <summary>All problems with these options.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Concurrency is < 1 or > 1024)
        {
            errors.Add($"concurrency must be 1–1024, not {Concurrency}");
        }

        if (string.IsNullOrWhiteSpace(Directory))
        {
            errors.Add("the run directory is empty");
        }

        var unknown = Strategies.Select(s => s.Name).Concat(Unavailable.Keys).FirstOrDefault(n => !StrategyOrder.Contains(n));
        if (unknown is not null)
        {
            errors.Add($"strategy '{unknown}' is not in the strategy order ({string.Join(", ", StrategyOrder)})");
        }

        return errors;
    }
}
