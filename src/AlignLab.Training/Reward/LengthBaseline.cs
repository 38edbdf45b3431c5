using AlignLab.Training.Data;

namespace AlignLab.Training.Reward;

/// <summary>The length-only baselines a reward model must beat: the longer answer wins, or the shorter one does.</summary>
public static class LengthBaseline
{
    /// <summary>Pairwise accuracy of "longer wins" and "shorter wins" in characters (an equal length counts one half for both).</summary>
    public static (double LongerWins, double ShorterWins) Accuracy(IReadOnlyList<PreferenceExample> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.Count == 0)
        {
            return (double.NaN, double.NaN);
        }

        double longer = 0, shorter = 0;
        foreach (var pair in pairs)
        {
            var difference = pair.Chosen.Length.CompareTo(pair.Rejected.Length);
            longer += difference > 0 ? 1 : difference == 0 ? 0.5 : 0;
            shorter += difference < 0 ? 1 : difference == 0 ? 0.5 : 0;
        }

        return (longer / pairs.Count, shorter / pairs.Count);
    }
}
