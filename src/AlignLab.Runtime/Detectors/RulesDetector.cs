using System.Collections.Immutable;
using System.Diagnostics;
using AlignLab.Constitutions;
using AlignLab.Rules;

namespace AlignLab.Runtime.Detectors;

/// <summary>The constitution's rules as an <see cref="IGuardDetector"/> (for consensus validators): flags when a rule refuses or blocks.</summary>
public sealed class RulesDetector(RuleEngine engine, EvaluationOptions? options = null) : IGuardDetector
{
    /// <inheritdoc />
    public string Name => "rules";

    /// <inheritdoc />
    public ValueTask<DetectorResult> DetectAsync(GuardRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var t0 = Stopwatch.GetTimestamp();
        var stage = request.Stage is PolicyStage.Input or PolicyStage.Streaming or PolicyStage.Output ? request.Stage : PolicyStage.Output;
        var decision = engine.Evaluate(request.Text, stage, options ?? new EvaluationOptions { Context = request.Context, Profile = request.Profile });
        var flagged = decision.Action.IsTerminal();
        var categories = decision.Matches.Where(m => m.Action.IsTerminal() && m.Rule.Category is not null).Select(m => m.Rule.Category!.Id)
            .Concat(decision.Detections.Where(d => d.Action.IsTerminal()).Select(d => d.Category.Id))
            .Distinct(StringComparer.Ordinal).ToImmutableArray();
        return ValueTask.FromResult(new DetectorResult(Name, flagged ? 1.0 : 0.0, flagged)
        {
            FlaggedCategories = categories,
            Rationale = decision.DecidingRule is { } r ? $"rule '{r.Rule.Id}'" : null,
            Elapsed = Stopwatch.GetElapsedTime(t0),
        });
    }
}
