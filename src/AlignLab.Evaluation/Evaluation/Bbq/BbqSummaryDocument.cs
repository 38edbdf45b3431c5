namespace AlignLab.Evaluation.Bbq;

/// <summary>bbq.json as written by <see cref="BbqReportWriter.ToJson"/>; property order is file order.</summary>
internal sealed record BbqSummaryDocument(string Suite, string? Model, string Data, int Items, IReadOnlyList<BbqStrategyDocument> Strategies);
