using System.Diagnostics;
using AlignLab.Constitutions;

namespace AlignLab.Runtime.Pipeline.Stages;

/// <summary>
/// The constitution's rules, the classifier and any detector plugged into the engine, on the user's turn (input) or the
/// answer (output), through the decision cache. On output an allowed answer takes the rules' redactions.
/// </summary>
internal sealed class RulesStage : IGuardStage
{
    public string Name => "rules";

    public PolicyStage Stages => PolicyStage.Input | PolicyStage.Output;

    public bool RunsWhenDecided => false;

    public ValueTask RunAsync(GuardContext context)
    {
        if (!context.Checks)
        {
            return ValueTask.CompletedTask;
        }

        var pipeline = context.Pipeline;
        var t0 = Stopwatch.GetTimestamp();
        var input = context.Stage == PolicyStage.Input;
        var (decision, cached) = pipeline.EvaluateCached(input ? context.Prompt : context.Text, context.Stage);
        context.Trace.Add(new TraceEvent(context.StageName, Name, AlignmentPipeline.Summarize(decision) + (cached ? " (cached)" : ""),
            decision.Action, AlignmentPipeline.Ms(t0)) { Decision = decision });
        pipeline.LogDecision(context.StageName, decision);
        context.Decision = decision;
        context.Raise(decision.Action, decision.Message);
        if (!input && !decision.Action.IsTerminal() && decision.RedactedText is { } redacted)
        {
            context.Text = redacted;
        }

        context.Disclaimers = [.. context.Disclaimers.Concat(decision.Disclaimers).Distinct(StringComparer.Ordinal)];
        context.Warnings = [.. context.Warnings.Concat(decision.Warnings).Distinct(StringComparer.Ordinal)];
        return ValueTask.CompletedTask;
    }
}
