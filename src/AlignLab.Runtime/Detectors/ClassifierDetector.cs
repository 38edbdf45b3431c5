using System.Collections.Immutable;
using System.Diagnostics;
using AlignLab.Classification;

namespace AlignLab.Runtime.Detectors;

/// <summary>The safety classifier as an <see cref="IGuardDetector"/> (for consensus validators): flags at its calibrated thresholds.</summary>
public sealed class ClassifierDetector(SafetyClassifier classifier) : IGuardDetector
{
    /// <inheritdoc />
    public string Name => "classifier";

    /// <inheritdoc />
    public ValueTask<DetectorResult> DetectAsync(GuardRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var t0 = Stopwatch.GetTimestamp();
        var scores = classifier.Classify(request.Text);
        var thresholds = classifier.Model.Thresholds;
        var flagged = scores.Unsafe >= thresholds[SafetyLabels.Unsafe];
        var categories = ImmutableDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        var flaggedCategories = ImmutableArray.CreateBuilder<string>();
        for (var i = 1; i < SafetyLabels.Count; i++)
        {
            var id = SafetyLabels.Names[i];
            categories[id] = scores[i];
            if (flagged && scores[i] >= thresholds[i])
            {
                flaggedCategories.Add(id);
            }
        }

        return ValueTask.FromResult(new DetectorResult(Name, scores.Unsafe, flagged)
        {
            CategoryScores = categories.ToImmutable(),
            FlaggedCategories = flaggedCategories.ToImmutable(),
            Elapsed = Stopwatch.GetElapsedTime(t0),
        });
    }
}
