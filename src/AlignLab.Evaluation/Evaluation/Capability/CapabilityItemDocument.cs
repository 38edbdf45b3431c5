using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace AlignLab.Evaluation.Capability;

/// <summary>One line of a capability items file; what a task does not use is left out.</summary>
internal sealed record CapabilityItemDocument(
    string Id,
    string Task,
    string Question,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? Answer,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Options,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Correct,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? CorrectAnswers,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? IncorrectAnswers,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? EntryPoint,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Test,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Source)
{
    public static CapabilityItemDocument From(CapabilityItem item) => new(
        item.Id,
        item.Task,
        item.Question,
        item.Answer,
        OrNull(item.Options),
        item.Options.IsDefaultOrEmpty ? null : item.CorrectOption,
        OrNull(item.CorrectAnswers),
        OrNull(item.IncorrectAnswers),
        item.EntryPoint,
        item.Test,
        item.Source);

    private static ImmutableArray<string>? OrNull(ImmutableArray<string> values) => values.IsDefaultOrEmpty ? null : values;
}
