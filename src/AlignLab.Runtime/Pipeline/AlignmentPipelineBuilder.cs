using AlignLab.Constitutions;
using AlignLab.Runtime.Pipeline.Stages;
using Microsoft.Extensions.Logging;

namespace AlignLab.Runtime.Pipeline;

/// <summary>
/// Builds an <see cref="AlignmentPipeline"/> from explicit stages, in the order they are added; that order is the
/// order the input and the output checks run them (a stage that serves one check only is passed over by the other).
/// <see cref="AddDefaultStages"/> gives the pipeline <see cref="AlignmentPipeline(AlignmentOptions, ILogger?)"/> builds:
/// <code>
/// new AlignmentPipelineBuilder()
///     .AddRefusalDetection().AddCritique().AddRules().AddToolContentGuard()
///     .AddJudges().AddConsensus().AddRedaction().AddContextInjection()
///     .Build(options);
/// </code>
/// Each stage reads its settings from the <see cref="AlignmentOptions"/> and the constitution; one with nothing to do
/// (no judges, no reviser, no consensus) passes. Judges, consensus and the stages after them do not run once a stage
/// has decided on a terminal action; the refusal note and the tool-content guard always run.
/// Your own stages (<see cref="IGuardStage"/>, or a delegate) go where you add them in the chain, or before a named
/// stage with <see cref="InsertStageBefore"/>:
/// <code>
/// new AlignmentPipelineBuilder().AddDefaultStages().InsertStageBefore("judges", new MyStage()).Build(options);
/// </code>
/// </summary>
public sealed class AlignmentPipelineBuilder
{
    private readonly List<IGuardStage> _stages = [];

    internal IGuardStage[] Stages => [.. _stages];

    /// <summary>The names of the stages added so far, in order.</summary>
    public IReadOnlyList<string> StageNames => [.. _stages.Select(s => s.Name)];

    /// <summary>Output: notes in the trace when the model declined on its own (a declined answer is not revised).</summary>
    public AlignmentPipelineBuilder AddRefusalDetection() => Add(new RefusalStage());

    /// <summary>Output: critique→revision by <see cref="AlignmentOptions.Reviser"/>; add it before the rules so they check the revision.</summary>
    public AlignmentPipelineBuilder AddCritique() => Add(new CritiqueStage());

    /// <summary>Input and output: the rule engine (rules, the classifier and its tiers, added detectors) through the decision cache.</summary>
    public AlignmentPipelineBuilder AddRules() => Add(new RulesStage());

    /// <summary>
    /// Input: removes tool results and retrieved content that carry a prompt injection
    /// (<see cref="AlignmentOptions.GuardToolContent"/>).
    /// </summary>
    public AlignmentPipelineBuilder AddToolContentGuard() => Add(new ToolContentStage());

    /// <summary>Input and output: the judges of <see cref="AlignmentOptions.Detectors"/>, in parallel.</summary>
    public AlignmentPipelineBuilder AddJudges() => Add(new JudgesStage());

    /// <summary>Input and output: <see cref="AlignmentOptions.Consensus"/> on <see cref="AlignmentOptions.ConsensusStages"/>.</summary>
    public AlignmentPipelineBuilder AddConsensus() => Add(new ConsensusStage());

    /// <summary>Input: the rules' redactions of the user's turn. Output: PII redaction of the answer.</summary>
    public AlignmentPipelineBuilder AddRedaction() => Add(new RedactionStage());

    /// <summary>Input: guidance for the system prompt (<c>context_injection</c>, the context's and profile's <c>system_guidance</c>).</summary>
    public AlignmentPipelineBuilder AddContextInjection() => Add(new ContextInjectionStage());

    /// <summary>Adds every stage, in the default order.</summary>
    public AlignmentPipelineBuilder AddDefaultStages() => AddRefusalDetection().AddCritique().AddRules().AddToolContentGuard()
        .AddJudges().AddConsensus().AddRedaction().AddContextInjection();

    /// <summary>Adds <paramref name="stage"/> after the stages added so far.</summary>
    /// <exception cref="ArgumentException">The stage has no name or takes part in neither the input nor the output check.</exception>
    public AlignmentPipelineBuilder AddStage(IGuardStage stage) => Add(Checked(stage));

    /// <summary>Adds a stage given as a delegate after the stages added so far.</summary>
    /// <param name="name">The stage's name in <see cref="StageNames"/> and in the trace events it adds.</param>
    /// <param name="stages">The checks it takes part in: <see cref="PolicyStage.Input"/>, <see cref="PolicyStage.Output"/> or both.</param>
    /// <param name="run">What it does on one check (it may raise the action, rewrite the answer, add trace events).</param>
    /// <param name="runsWhenDecided">True to run even after an earlier stage decided on a terminal action.</param>
    /// <exception cref="ArgumentException">The name is empty or <paramref name="stages"/> names neither check.</exception>
    public AlignmentPipelineBuilder AddStage(string name, PolicyStage stages, Func<GuardContext, ValueTask> run, bool runsWhenDecided = false)
    {
        ArgumentNullException.ThrowIfNull(run);
        return AddStage(new DelegateGuardStage(name, stages, run, runsWhenDecided));
    }

    /// <summary>Inserts <paramref name="stage"/> just before the first stage named <paramref name="before"/>.</summary>
    /// <exception cref="ArgumentException">
    /// No stage of that name was added, or the stage is invalid (see <see cref="AddStage(IGuardStage)"/>).
    /// </exception>
    public AlignmentPipelineBuilder InsertStageBefore(string before, IGuardStage stage)
    {
        var at = _stages.FindIndex(s => string.Equals(s.Name, before, StringComparison.Ordinal));
        if (at < 0)
        {
            throw new ArgumentException($"no stage named '{before}' was added (stages: {string.Join(", ", StageNames)})", nameof(before));
        }

        _stages.Insert(at, Checked(stage));
        return this;
    }

    /// <summary>Builds the pipeline; throws <see cref="ArgumentException"/> listing every problem when the options are invalid.</summary>
    public AlignmentPipeline Build(AlignmentOptions options, ILogger? logger = null) => new(options, logger, [.. _stages]);

    private static IGuardStage Checked(IGuardStage stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        if (string.IsNullOrWhiteSpace(stage.Name))
        {
            throw new ArgumentException("a stage needs a name (it names the stage in the trace)", nameof(stage));
        }

        if ((stage.Stages & (PolicyStage.Input | PolicyStage.Output)) == 0)
        {
            throw new ArgumentException(
                $"stage '{stage.Name}' takes part in neither the input nor the output check, so it would never run", nameof(stage));
        }

        return stage;
    }

    private AlignmentPipelineBuilder Add(IGuardStage stage)
    {
        _stages.Add(stage);
        return this;
    }
}
