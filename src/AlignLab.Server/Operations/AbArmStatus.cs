namespace AlignLab.Server.Operations;

/// <summary>One arm's figures in <see cref="AbStatus"/>.</summary>
/// <param name="Arm">The arm.</param>
/// <param name="Version">Its policy version in the experiment.</param>
/// <param name="Requests">Content decisions counted.</param>
/// <param name="Blocked">Blocked decisions.</param>
/// <param name="Errors">5xx answers.</param>
/// <param name="BlockRate">Blocked ÷ requests (0 with no requests).</param>
/// <param name="BlockRateLow">Lower end of the 95% Wilson interval of the block rate.</param>
/// <param name="BlockRateHigh">Upper end of it.</param>
/// <param name="ErrorRate">Errors ÷ requests.</param>
/// <param name="ErrorRateLow">Lower end of the 95% Wilson interval of the error rate.</param>
/// <param name="ErrorRateHigh">Upper end of it.</param>
/// <param name="MeanLatencyMs">Mean handling time.</param>
public sealed record AbArmStatus(
    string Arm,
    string Version,
    long Requests,
    long Blocked,
    long Errors,
    double BlockRate,
    double BlockRateLow,
    double BlockRateHigh,
    double ErrorRate,
    double ErrorRateLow,
    double ErrorRateHigh,
    double MeanLatencyMs);
