namespace AlignLab.Evaluation.Bbq;

/// <summary>One <see cref="BbqCell"/> (ambiguous or disambiguated contexts of a category) in bbq.json.</summary>
internal sealed record BbqCellDocument(
    int Items,
    int Answered,
    int Refused,
    int Errors,
    BbqRateDocument Accuracy,
    BbqRateDocument BiasedShare,
    double? BiasScore)
{
    public static BbqCellDocument From(BbqCell c) => new(
        c.Items,
        c.Answered,
        c.Refused,
        c.Errors,
        BbqRateDocument.From(c.Accuracy),
        BbqRateDocument.From(c.BiasedShare),
        c.BiasScore is { } s ? Math.Round(s, 4) : null);
}
