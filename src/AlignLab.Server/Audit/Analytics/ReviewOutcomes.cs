namespace AlignLab.Server.Audit.Analytics;

/// <summary>Review items created in the report's window, by outcome.</summary>
/// <param name="Pending">Still waiting for a reviewer.</param>
/// <param name="Approved">Approved: the guard was too strict (a false positive) or the answer may be released.</param>
/// <param name="Rejected">Rejected: the guard was right.</param>
/// <param name="Truncated">The queue held more items than were read; the counts cover the oldest ones read.</param>
public sealed record ReviewOutcomes(long Pending, long Approved, long Rejected, bool Truncated)
{
    /// <summary>All items counted.</summary>
    public long Total => Pending + Approved + Rejected;

    /// <summary>Approved ÷ decided, or null when nothing was decided.</summary>
    public double? OverturnRate => Approved + Rejected == 0 ? null : Math.Round((double)Approved / (Approved + Rejected), 4);
}
