using System.Collections.Immutable;

namespace AlignLab.Runtime.Detectors;

/// <summary>A detector's verdict on one text.</summary>
/// <param name="Detector">The detector's <see cref="IGuardDetector.Name"/>.</param>
/// <param name="UnsafeScore">Overall probability-like score that the text is unsafe, 0–1.</param>
/// <param name="Flagged">Whether the detector judges the text unsafe by its own threshold.</param>
public sealed record DetectorResult(string Detector, double UnsafeScore, bool Flagged)
{
    /// <summary>Per-category scores (0–1) keyed by the constitution's category ids (e.g. <c>violent_crimes</c>).</summary>
    public ImmutableDictionary<string, double> CategoryScores { get; init; } = ImmutableDictionary<string, double>.Empty;

    /// <summary>Category ids the detector flagged.</summary>
    public ImmutableArray<string> FlaggedCategories { get; init; } = [];

    /// <summary>A short reason, when the detector gives one (a judge's rationale).</summary>
    public string? Rationale { get; init; }

    /// <summary>The judge's raw output (kept for the trace; truncated by the pipeline).</summary>
    public string? RawOutput { get; init; }

    /// <summary>How long the detector took.</summary>
    public TimeSpan Elapsed { get; init; }
}
