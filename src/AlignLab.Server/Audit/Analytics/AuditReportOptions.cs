namespace AlignLab.Server.Audit.Analytics;

/// <summary>The window of an audit report, in whole UTC days, and its reference window for drift.</summary>
/// <param name="From">First day (inclusive).</param>
/// <param name="To">Last day (inclusive).</param>
public sealed record AuditReportOptions(DateOnly From, DateOnly To)
{
    /// <summary>First day of the reference window (default: <see cref="From"/>).</summary>
    public DateOnly? ReferenceFrom { get; init; }

    /// <summary>Last day of the reference window (default: its first day, so one day).</summary>
    public DateOnly? ReferenceTo { get; init; }

    /// <summary>The sections to show (default: all of <see cref="AuditMetrics.All"/>).</summary>
    public IReadOnlyList<string>? Metrics { get; init; }

    /// <summary>Review items read at most (the queue's listing is bounded).</summary>
    public int MaxReviewItems { get; init; } = 10_000;

    /// <summary>The checks a caller should report as usage errors; empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (To < From)
        {
            errors.Add($"--to {To:yyyy-MM-dd} is before --from {From:yyyy-MM-dd}");
        }

        var refFrom = ReferenceFrom ?? From;
        if ((ReferenceTo ?? refFrom) < refFrom)
        {
            errors.Add("the reference window ends before it starts");
        }

        return errors;
    }
}
