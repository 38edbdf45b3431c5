using System.Diagnostics;
using AlignLab.Constitutions;
using AlignLab.Rules;

namespace AlignLab.Evaluation;

/// <summary>The input guard alone (rules + classifier, no model): a case is refused when the input decision stops the exchange.</summary>
public sealed class GuardOnlyStrategy(RuleEngine engine, EvaluationOptions? options = null, bool keepTraces = false) : IEvalStrategy
{
    /// <summary>The strategy name.</summary>
    public const string StrategyName = "guard_only";

    /// <inheritdoc />
    public string Name => StrategyName;

    /// <inheritdoc />
    public Task<CaseResult> RunAsync(EvalCase evalCase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(evalCase);
        var t0 = Stopwatch.GetTimestamp();
        var decision = engine.Evaluate(evalCase.Text, PolicyStage.Input, options ?? EvaluationOptions.Default);
        var ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        return Task.FromResult(new CaseResult(evalCase.Id, Name, evalCase.Label, evalCase.Suite)
        {
            Category = evalCase.Category,
            ParentId = evalCase.ParentId,
            Transform = evalCase.Transform,
            Refused = decision.Action.IsTerminal(),
            Intervened = decision.Action != AlignmentAction.Allow && decision.Action != AlignmentAction.LogOnly,
            Action = decision.Action.ToName(),
            Score = decision.Scores?.Unsafe,
            LatencyMs = ms,
            GuardMs = ms,
            TraceJson = keepTraces ? DecisionJson.Serialize(decision, indented: false) : null,
        });
    }
}
