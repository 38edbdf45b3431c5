using System.Text.Json.Serialization;
using AlignLab.Evaluation.Analysis;
using AlignLab.Evaluation.Bbq;
using AlignLab.Evaluation.Capability;
using AlignLab.Evaluation.Fairness;
using AlignLab.Evaluation.Profiling;
using AlignLab.Evaluation.Reports;

namespace AlignLab.Evaluation.Json;

/// <summary>
/// Source-generated JSON for the files an evaluation writes (snake_case; nulls written unless a property says otherwise;
/// non-finite numbers as null). Use it through <see cref="EvaluationJson"/>, which adds the readable encoder.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    Converters = [typeof(FiniteNumberConverter)])]
[JsonSerializable(typeof(SummaryDocument))]
[JsonSerializable(typeof(CaseResultDocument))]
[JsonSerializable(typeof(RateDocument))]
[JsonSerializable(typeof(CapabilityResultDocument))]
[JsonSerializable(typeof(CapabilityItemDocument))]
[JsonSerializable(typeof(GuardProfileDocument))]
[JsonSerializable(typeof(FalsePositiveReportDocument))]
[JsonSerializable(typeof(BbqResultDocument))]
[JsonSerializable(typeof(BbqSummaryDocument))]
[JsonSerializable(typeof(GroupFairnessDocument))]
internal sealed partial class EvaluationJsonContext : JsonSerializerContext;
