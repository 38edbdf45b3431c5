using AlignLab.Constitutions;

namespace AlignLab.Runtime.Pipeline.Stages;

/// <summary>One step of the input or output check; <see cref="AlignmentPipeline"/> runs its stages in the order they were added.</summary>
internal interface IGuardStage
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
