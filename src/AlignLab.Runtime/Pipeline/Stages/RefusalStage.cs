using AlignLab.Constitutions;
using AlignLab.Refusals;

namespace AlignLab.Runtime.Pipeline.Stages;

/// <summary>Notes in the trace when the model declined on its own; a declined answer is not sent for critique.</summary>
internal sealed class RefusalStage : IGuardStage
{
    public string Name => "refusal";

    public PolicyStage Stages => PolicyStage.Output;

    public bool RunsWhenDecided => true;

    public ValueTask RunAsync(GuardContext context)
    {
        var refusal = RefusalDetector.Default.Detect(context.Text);
        if (refusal.IsRefusal)
        {
            context.ModelRefused = true;
            context.Trace.ModelRefused = true;
            context.Trace.Add(new TraceEvent("output", Name, $"the model declined (\"{refusal.Phrase}\")", AlignmentAction.Allow, 0));
        }

        return ValueTask.CompletedTask;
    }
}
