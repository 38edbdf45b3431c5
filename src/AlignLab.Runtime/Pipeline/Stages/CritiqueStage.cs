using System.Diagnostics;
using AlignLab.Constitutions;

namespace AlignLab.Runtime.Pipeline.Stages;

/// <summary>
/// Critique→revision of the answer by <see cref="AlignmentOptions.Reviser"/>, before the output rules, so the rules check
/// the revised text. A failure is a detector failure: closed, it stops the answer.
/// </summary>
internal sealed class CritiqueStage : IGuardStage
{
    public string Name => "critique_revision";

    public PolicyStage Stages => PolicyStage.Output;

    public bool RunsWhenDecided => false;

    public async ValueTask RunAsync(GuardContext context)
    {
        var pipeline = context.Pipeline;
        if (pipeline.Options.Reviser is not { } reviser || context.ModelRefused || context.Text.Length == 0)
        {
            return;
        }

        var t0 = Stopwatch.GetTimestamp();
        try
        {
            var outcome = await reviser.ReviseAsync(context.Prompt, context.Text, context.CancellationToken).ConfigureAwait(false);
            context.Text = outcome.Final;
            context.Trace.Add(new TraceEvent("output", Name, outcome.Summary, AlignmentAction.Allow, AlignmentPipeline.Ms(t0))
            {
                Data = outcome.Details,
            });
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !context.CancellationToken.IsCancellationRequested)
        {
            var failed = pipeline.OnFailure(Name, "output", context.FailureMode, ex, context.Trace, AlignmentPipeline.Ms(t0));
            if (failed.IsTerminal())
            {
                context.Raise(failed, pipeline.Options.FailClosedMessage);
            }
        }
    }
}
