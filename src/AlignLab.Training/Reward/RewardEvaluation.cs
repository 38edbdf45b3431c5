namespace AlignLab.Training.Reward;

/// <summary>How a reward model ranks held-out pairs.</summary>
/// <param name="Pairs">Pairs measured.</param>
/// <param name="Accuracy">Share with reward(chosen) &gt; reward(rejected) (a tie counts one half).</param>
/// <param name="ExpectedCalibrationError">
/// Of σ(margin) read as the probability that the chosen answer wins: the predicted side's confidence max(p, 1 − p) in
/// ten equal bins over [0.5, 1], |accuracy − mean confidence| weighted by the bin's share of pairs.
/// </param>
/// <param name="MeanMargin">Mean of reward(chosen) − reward(rejected).</param>
public sealed record RewardEvaluation(int Pairs, double Accuracy, double ExpectedCalibrationError, double MeanMargin)
{
    /// <summary>The measures of a list of margins reward(chosen) − reward(rejected).</summary>
    public static RewardEvaluation FromMargins(IReadOnlyList<double> margins)
    {
        ArgumentNullException.ThrowIfNull(margins);
        if (margins.Count == 0)
        {
            return new RewardEvaluation(0, double.NaN, double.NaN, double.NaN);
        }

        const int Bins = 10;
        var count = new int[Bins];
        var confidence = new double[Bins];
        var correct = new double[Bins];
        foreach (var margin in margins)
        {
            var p = 1 / (1 + Math.Exp(-margin));
            var sure = Math.Max(p, 1 - p);
            var bin = Math.Min(Bins - 1, (int)((sure - 0.5) * 2 * Bins));
            count[bin]++;
            confidence[bin] += sure;
            correct[bin] += margin > 0 ? 1 : margin == 0 ? 0.5 : 0;
        }

        var ece = Enumerable.Range(0, Bins).Where(b => count[b] > 0)
            .Sum(b => (double)count[b] / margins.Count * Math.Abs((correct[b] - confidence[b]) / count[b]));
        var accuracy = margins.Sum(m => m > 0 ? 1 : m == 0 ? 0.5 : 0) / margins.Count;
        return new RewardEvaluation(margins.Count, accuracy, ece, margins.Average());
    }
}
