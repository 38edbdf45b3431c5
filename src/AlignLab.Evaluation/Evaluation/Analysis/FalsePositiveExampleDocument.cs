using AlignLab.Evaluation.Reports;

namespace AlignLab.Evaluation.Analysis;

/// <summary>One example of a cause in the false-positive report.</summary>
internal sealed record FalsePositiveExampleDocument(string CaseId, string Suite, string Label, string Action, string Text)
{
    public static FalsePositiveExampleDocument From(FalsePositiveExample e) =>
        new(e.CaseId, e.Suite, EvalReportJson.LabelName(e.Label), e.Action, e.Text);
}
