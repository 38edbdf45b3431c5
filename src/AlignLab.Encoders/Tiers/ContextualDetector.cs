using System.Collections.Immutable;
using System.Diagnostics;
using AlignLab.Classification;
using AlignLab.Runtime.Detectors;

namespace AlignLab.Encoders.Tiers;

/// <summary>
/// The fast classifier with the contextual tier behind it, as an <see cref="IGuardDetector"/> (a consensus validator, or
/// a stage's detector): flagged when the deciding tier's unsafe probability reaches its threshold; the category scores
/// are the fast tier's. The rationale names the tier that decided.
/// </summary>
public sealed class ContextualDetector(ContextualTier tier) : IGuardDetector
{
    /// <inheritdoc />
    public string Name => "contextual";

    /// <inheritdoc />
    public ValueTask<DetectorResult> DetectAsync(GuardRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var t0 = Stopwatch.GetTimestamp();
        var scores = tier.Score(request.Text);
        var thresholds = tier.Fast.Model.Thresholds;
        var categories = ImmutableDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        var flaggedCategories = ImmutableArray.CreateBuilder<string>();
        for (var i = 1; i < SafetyLabels.Count; i++)
        {
            categories[SafetyLabels.Names[i]] = scores.Fast[i];
            if (scores.Flagged && scores.Fast[i] >= thresholds[i])
            {
                flaggedCategories.Add(SafetyLabels.Names[i]);
            }
        }

        return ValueTask.FromResult(new DetectorResult(Name, scores.Unsafe, scores.Flagged)
        {
            CategoryScores = categories.ToImmutable(),
            FlaggedCategories = flaggedCategories.ToImmutable(),
            Rationale = scores.Consulted
                ? $"contextual tier: stacked unsafe {scores.Unsafe:0.000} vs {scores.Threshold:0.000} (fast {scores.Fast.Unsafe:0.000})"
                : $"fast tier: unsafe {scores.Unsafe:0.000} vs {scores.Threshold:0.000}, outside the band {tier.Options.BandLow:0.##}-{tier.Options.BandHigh:0.##}",
            Elapsed = Stopwatch.GetElapsedTime(t0),
        });
    }
}
