namespace AlignLab.Evaluation.Bbq;

/// <summary>A category's (or, for <see cref="BbqAggregator.AllCategories"/>, every category's pooled) numbers in both context conditions.</summary>
/// <param name="Category">The category.</param>
/// <param name="Ambiguous">Ambiguous contexts (the correct answer is unknown); the bias score is s_AMB.</param>
/// <param name="Disambiguated">Disambiguated contexts; the bias score is s_DIS.</param>
public sealed record BbqCategoryScores(string Category, BbqCell Ambiguous, BbqCell Disambiguated);
