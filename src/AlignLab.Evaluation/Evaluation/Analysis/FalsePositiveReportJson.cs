using AlignLab.Evaluation.Json;

namespace AlignLab.Evaluation.Analysis;

/// <summary>
/// <see cref="FalsePositiveReport"/> as a stable JSON document: snake_case names, every property always present
/// (null when it does not apply), causes in report order.
/// </summary>
public static class FalsePositiveReportJson
{
    /// <summary>The value of the <c>schema</c> property.</summary>
    public const string Schema = "alignlab.analyze.false_positives/1";

    /// <summary>The report as indented JSON, with a final newline.</summary>
    public static string Write(FalsePositiveReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return EvaluationJson.Serialize(FalsePositiveReportDocument.From(report), EvaluationJson.Indented) + "\n";
    }

    /// <summary>The snake_case name of a cause kind: rule, classifier, failure.</summary>
    public static string KindName(FalsePositiveCauseKind kind) => kind switch
    {
        FalsePositiveCauseKind.Rule => "rule",
        FalsePositiveCauseKind.Classifier => "classifier",
        _ => "failure",
    };
}
