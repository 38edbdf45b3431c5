using System.Diagnostics;
using AlignLab.Constitutions;
using AlignLab.Runtime.Detectors;

namespace AlignLab.Runtime.Pipeline.Stages;

/// <summary>
/// The consensus check of <see cref="AlignmentOptions.Consensus"/>, on the stages <see cref="AlignmentOptions.ConsensusStages"/>
/// names.
/// </summary>
internal sealed class ConsensusStage : IGuardStage
{
    public string Name => "consensus";

    public PolicyStage Stages => PolicyStage.Input | PolicyStage.Output;

    public bool RunsWhenDecided => false;

    public async ValueTask RunAsync(GuardContext context)
    {
        var pipeline = context.Pipeline;
        var options = pipeline.Options;
        if (!context.Checks || options.Consensus is not { } consensus || (options.ConsensusStages & context.Stage) == 0)
        {
            return;
        }

        // The input request carries neither context nor profile, as before the stages were split out.
        var request = context.Stage == PolicyStage.Input
            ? new GuardRequest(context.Prompt, PolicyStage.Input)
            : new GuardRequest(context.Text, PolicyStage.Output) { Prompt = context.Prompt, Context = options.Context, Profile = options.Profile };
        var t0 = Stopwatch.GetTimestamp();
        var constitution = pipeline.Constitution;
        try
        {
            var outcome = await consensus.CheckAsync(request, context.CancellationToken).ConfigureAwait(false);
            context.Trace.Add(new TraceEvent(context.StageName, Name, outcome.Summary, outcome.Action, AlignmentPipeline.Ms(t0))
            {
                Data = outcome.Details,
            });
            var message = outcome.Action switch
            {
                AlignmentAction.Block => constitution.DefaultBlockMessage,
                AlignmentAction.Escalate => constitution.DefaultEscalationMessage,
                AlignmentAction.RefusePolitely => constitution.DefaultRedirectMessage,
                _ => null,
            };
            context.Raise(outcome.Action, message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !context.CancellationToken.IsCancellationRequested)
        {
            var a = pipeline.OnFailure(Name, context.StageName, context.FailureMode, ex, context.Trace, AlignmentPipeline.Ms(t0));
            context.Raise(a, a.IsTerminal() ? options.FailClosedMessage : null);
        }
    }
}
