using System.Collections.Immutable;
using AlignLab.Evaluation.Capability;

namespace AlignLab.Evaluation.Orchestration;

/// <summary>The capability part of a session: the tasks that ran, notes on those that did not, and each strategy's summary.</summary>
/// <param name="Tasks">The capability tasks that ran.</param>
/// <param name="Notes">Why tasks that were asked for did not run.</param>
/// <param name="Summaries">Each strategy's capability numbers, by strategy name.</param>
public sealed record EvalCapabilityOutcome(
    ImmutableArray<string> Tasks, ImmutableArray<string> Notes, ImmutableDictionary<string, CapabilitySummary> Summaries);
