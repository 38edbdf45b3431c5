using AlignLab.Constitutions;

namespace AlignLab.Runtime.Pipeline;

/// <summary>
/// One step of the input or output check. <see cref="AlignmentPipeline"/> runs its stages in the order
/// <see cref="AlignmentPipelineBuilder"/> added them; add your own with <see cref="AlignmentPipelineBuilder.AddStage(IGuardStage)"/>.
/// A stage must be thread-safe (one instance serves every exchange) and honour <see cref="GuardContext.CancellationToken"/>.
/// An exception other than the caller's cancellation is a detector failure: the pipeline records it in the trace and the
/// stage's failure mode decides (closed: the exchange is stopped; open: it goes on).
/// </summary>
public interface IGuardStage
{
    /// <summary>The stage's name (<c>rules</c>, <c>judges</c>, …), as <see cref="AlignmentPipeline.StageNames"/> lists it.</summary>
    string Name { get; }

    /// <summary>The checks the stage takes part in: <see cref="PolicyStage.Input"/>, <see cref="PolicyStage.Output"/> or both.</summary>
    PolicyStage Stages { get; }

    /// <summary>True when the stage still runs after an earlier one decided on a terminal action.</summary>
    bool RunsWhenDecided { get; }

    /// <summary>Runs the stage on one check, raising <see cref="GuardContext.Action"/> when it finds more than the earlier stages.</summary>
    ValueTask RunAsync(GuardContext context);
}
