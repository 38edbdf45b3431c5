namespace AlignLab.Evaluation.Analysis;

/// <summary><see cref="FalsePositiveReport"/> as written by <see cref="FalsePositiveReportJson"/>; property order is file order.</summary>
internal sealed record FalsePositiveReportDocument(
    string Schema,
    string Policy,
    bool Classifier,
    string? Context,
    string? Profile,
    int Cases,
    int SkippedHarmful,
    int? HarmfulChecked,
    int FalsePositives,
    double Rate,
    IReadOnlyList<FalsePositiveCauseDocument> Causes)
{
    public static FalsePositiveReportDocument From(FalsePositiveReport r) => new(
        FalsePositiveReportJson.Schema,
        r.Policy,
        r.Classifier,
        r.Context,
        r.Profile,
        r.Cases,
        r.SkippedHarmful,
        r.HarmfulChecked,
        r.FalsePositives,
        r.Rate,
        [.. r.Causes.Select(FalsePositiveCauseDocument.From)]);
}
