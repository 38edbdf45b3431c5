namespace AlignLab.Server.Operations;

/// <summary>The outcomes of one arm of an experiment, counted from the audit records of its content decisions.</summary>
/// <param name="Arm">The arm.</param>
/// <param name="Requests">Content decisions (chat completions, moderations, checks) by the arm's version.</param>
/// <param name="Blocked">Of those, the refused, redirected, escalated or blocked ones (moderations: the flagged ones).</param>
/// <param name="Errors">Of those, the ones answered with a 5xx status.</param>
/// <param name="MeanLatencyMs">Mean handling time.</param>
public sealed record AbArmCounts(string Arm, long Requests, long Blocked, long Errors, double MeanLatencyMs);
