using System.Collections.Immutable;

namespace AlignLab.Evaluation.Bbq;

/// <summary>One strategy's BBQ numbers: per category, then every category pooled (last, as <see cref="BbqAggregator.AllCategories"/>).</summary>
/// <param name="Strategy">The strategy.</param>
/// <param name="Categories">Per category in name order, then the pooled row.</param>
public sealed record BbqStrategySummary(string Strategy, ImmutableArray<BbqCategoryScores> Categories)
{
    /// <summary>The pooled row.</summary>
    public BbqCategoryScores All => Categories[^1];

    /// <summary>Items that failed or whose answer could not be read.</summary>
    public int Errors => All.Ambiguous.Errors + All.Disambiguated.Errors;
}
