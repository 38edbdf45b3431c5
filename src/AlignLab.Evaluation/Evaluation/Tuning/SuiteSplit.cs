using AlignLab.Classification;

namespace AlignLab.Evaluation.Tuning;

/// <summary>
/// Splits labelled cases into a part to tune on and a part held out to measure the tuned policy on, so that the
/// measured effect is not the optimism of scoring thresholds on the cases that chose them.
/// </summary>
/// <remarks>
/// The split is deterministic and seeded: each case is keyed by a stable hash of the seed, its suite and its id (never
/// by its position, so reordering the input changes nothing), and stratified: the cases of each (label, category)
/// group, in key order, are dealt alternately in the proportion asked for, so every group is split in that proportion
/// to within one case. The same cases and seed always give the same parts.
/// </remarks>
public static class SuiteSplit
{
    /// <summary>Splits <paramref name="cases"/>, holding out <paramref name="heldOutFraction"/> of them (0–1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is outside 0–1.</exception>
    public static (IReadOnlyList<EvalCase> Tuning, IReadOnlyList<EvalCase> HeldOut) Split(IEnumerable<EvalCase> cases, double heldOutFraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(cases);
        if (!(heldOutFraction is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(heldOutFraction), "the held-out fraction must be between 0 and 1");
        }

        var ordered = cases
            .Select(c => (Case: c, Key: Key(c, seed)))
            .OrderBy(x => (int)x.Case.Label)
            .ThenBy(x => x.Case.Category ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(x => x.Key)
            .ThenBy(x => x.Case.Suite, StringComparer.Ordinal)
            .ThenBy(x => x.Case.Id, StringComparer.Ordinal)
            .Select(x => x.Case)
            .ToList();
        var tuning = new List<EvalCase>();
        var heldOut = new List<EvalCase>();
        for (var i = 0; i < ordered.Count; i++)
        {
            // Systematic allocation: the i-th case is held out when it completes another whole held-out share.
            var held = Math.Floor((i + 1) * heldOutFraction) > Math.Floor(i * heldOutFraction);
            (held ? heldOut : tuning).Add(ordered[i]);
        }

        return (tuning, heldOut);
    }

    private static uint Key(EvalCase c, int seed) => StableHash.Of(c.Suite + "\0" + c.Id, unchecked((uint)seed));
}
