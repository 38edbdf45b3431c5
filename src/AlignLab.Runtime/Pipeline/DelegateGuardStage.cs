using AlignLab.Constitutions;

namespace AlignLab.Runtime.Pipeline;

/// <summary>
/// A stage given as a delegate (<see cref="AlignmentPipelineBuilder.AddStage(string, PolicyStage, Func{GuardContext, ValueTask}, bool)"/>).
/// </summary>
internal sealed class DelegateGuardStage(string name, PolicyStage stages, Func<GuardContext, ValueTask> run, bool runsWhenDecided) : IGuardStage
{
    public string Name => name;

    public PolicyStage Stages => stages;

    public bool RunsWhenDecided => runsWhenDecided;

    public ValueTask RunAsync(GuardContext context) => run(context);
}
