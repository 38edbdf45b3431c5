using AlignLab.Evaluation;

namespace AlignLab.Server.Dashboard;

/// <summary>One run directory under the reports directory.</summary>
/// <param name="Name">The directory name (the run's key in URLs).</param>
/// <param name="Summary">Its <c>summary.json</c>, or null when it could not be read.</param>
/// <param name="HasReport">Whether it holds a <c>report.html</c>.</param>
/// <param name="Error">Why the summary could not be read, if it could not.</param>
public sealed record EvalRunEntry(string Name, EvalSummary? Summary, bool HasReport, string? Error);
