namespace AlignLab.Evaluation.Bbq;

/// <summary>One strategy in bbq.json, its categories keyed by name in the aggregator's order (the pooled row last).</summary>
internal sealed record BbqStrategyDocument(string Strategy, int Errors, IReadOnlyDictionary<string, BbqCategoryDocument> Categories)
{
    public static BbqStrategyDocument From(BbqStrategySummary s)
    {
        var categories = new OrderedDictionary<string, BbqCategoryDocument>(StringComparer.Ordinal);
        foreach (var c in s.Categories)
        {
            categories[c.Category] = new(BbqCellDocument.From(c.Ambiguous), BbqCellDocument.From(c.Disambiguated));
        }

        return new(s.Strategy, s.Errors, categories);
    }
}
