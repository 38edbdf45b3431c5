using System.Collections.Immutable;

namespace AlignLab.Evaluation.Reports;

/// <summary>The run's <c>capability</c> object in <c>summary.json</c>: the tasks that ran and notes on those that could not.</summary>
internal sealed record CapabilityRunDocument(IReadOnlyList<string> Tasks, IReadOnlyList<string> Notes)
{
    public static CapabilityRunDocument From(EvalSummary s) => new(OrEmpty(s.CapabilityTasks), OrEmpty(s.CapabilityNotes));

    public static ImmutableArray<string> OrEmpty(ImmutableArray<string> values) => values.IsDefault ? [] : values;
}
