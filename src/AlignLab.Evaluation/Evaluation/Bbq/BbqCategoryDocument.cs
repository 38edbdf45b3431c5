namespace AlignLab.Evaluation.Bbq;

/// <summary>A category's two cells in bbq.json.</summary>
internal sealed record BbqCategoryDocument(BbqCellDocument Ambiguous, BbqCellDocument Disambiguated);
