namespace AlignLab.Server.Operations;

/// <summary>
/// Where an A/B experiment stands: each arm's block and error rates with 95% Wilson intervals, and the two-proportion z
/// test of arm B against arm A on each rate. No verdict is given before every arm has <see cref="MinimumSample"/> decisions.
/// </summary>
/// <param name="Experiment">The experiment.</param>
/// <param name="A">Arm A.</param>
/// <param name="B">Arm B.</param>
/// <param name="BlockRateZ">z of B's block rate against A's (positive: B blocks more).</param>
/// <param name="BlockRateP">Its two-sided p-value.</param>
/// <param name="ErrorRateZ">z of B's error rate against A's.</param>
/// <param name="ErrorRateP">Its two-sided p-value.</param>
/// <param name="MinimumSample">Decisions each arm needs before the test is read.</param>
/// <param name="Alpha">The significance level (two-sided).</param>
public sealed record AbStatus(
    AbExperiment Experiment,
    AbArmStatus A,
    AbArmStatus B,
    double BlockRateZ,
    double BlockRateP,
    double ErrorRateZ,
    double ErrorRateP,
    int MinimumSample,
    double Alpha)
{
    /// <summary>Whether both arms have at least <see cref="MinimumSample"/> decisions.</summary>
    public bool EnoughData => A.Requests >= MinimumSample && B.Requests >= MinimumSample;

    /// <summary>Whether the block rates differ at <see cref="Alpha"/> (and there is enough data).</summary>
    public bool BlockRatesDiffer => EnoughData && BlockRateP < Alpha;

    /// <summary>One sentence saying what the numbers allow.</summary>
    public string Verdict =>
        !EnoughData
            ? $"not enough data: each arm needs at least {MinimumSample} decisions (a: {A.Requests}, b: {B.Requests})"
            : BlockRatesDiffer
                ? $"the block rates differ (p = {BlockRateP:0.####} < {Alpha}): arm b blocks {(BlockRateZ > 0 ? "more" : "less")} than arm a"
                : $"no significant difference in block rate (p = {BlockRateP:0.####} ≥ {Alpha})";

    /// <summary>Computes the status from the arms' counts.</summary>
    public static AbStatus From(AbExperiment experiment, IReadOnlyList<AbArmCounts> counts, int minimumSample, double alpha = 0.05)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(counts);
        var a = Arm("a", experiment.VersionA, counts);
        var b = Arm("b", experiment.VersionB, counts);
        var (blockZ, blockP) = AbStatistics.TwoProportionZ(a.Blocked, a.Requests, b.Blocked, b.Requests);
        var (errorZ, errorP) = AbStatistics.TwoProportionZ(a.Errors, a.Requests, b.Errors, b.Requests);
        return new AbStatus(experiment, a, b, blockZ, blockP, errorZ, errorP, minimumSample, alpha);
    }

    private static AbArmStatus Arm(string arm, string version, IReadOnlyList<AbArmCounts> counts)
    {
        var c = counts.FirstOrDefault(x => x.Arm == arm) ?? new AbArmCounts(arm, 0, 0, 0, 0);
        var (bl, bh) = AbStatistics.Wilson(c.Blocked, c.Requests);
        var (el, eh) = AbStatistics.Wilson(c.Errors, c.Requests);
        return new AbArmStatus(arm, version, c.Requests, c.Blocked, c.Errors, Rate(c.Blocked, c.Requests), bl, bh,
            Rate(c.Errors, c.Requests), el, eh, c.MeanLatencyMs);
    }

    private static double Rate(long k, long n) => n == 0 ? 0 : (double)k / n;
}
