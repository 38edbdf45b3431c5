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

    /// <summary>Builds the pipeline; throws <see cref="ArgumentException"/> listing every problem when the options are invalid.</summary>
    public AlignmentPipeline Build(AlignmentOptions options, ILogger? logger = null) => new(options, logger, [.. _stages]);

    private AlignmentPipelineBuilder Add(IGuardStage stage)
    {
        _stages.Add(stage);
        return this;
    }
}
