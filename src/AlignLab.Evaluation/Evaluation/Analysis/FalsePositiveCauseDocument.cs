namespace AlignLab.Evaluation.Analysis;

/// <summary>One cause in the false-positive report.</summary>
internal sealed record FalsePositiveCauseDocument(
    string Kind,
    string Id,
    string Action,
    int Count,
    double Share,
    IReadOnlyList<PhraseCount> Phrases,
    IReadOnlyList<FalsePositiveExampleDocument> Examples,
    FalsePositiveSuggestionDocument Suggestion)
{
    public static FalsePositiveCauseDocument From(FalsePositiveCause c) => new(
        FalsePositiveReportJson.KindName(c.Kind),
        c.Id,
        c.Action,
        c.Count,
        c.Share,
        c.Phrases,
        [.. c.Examples.Select(FalsePositiveExampleDocument.From)],
        FalsePositiveSuggestionDocument.From(c));
}
