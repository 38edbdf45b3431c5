namespace AlignLab.Server.Audit.Analytics;

/// <summary>Running counts for one UTC day; constant size whatever the number of records.</summary>
internal sealed class DayAccumulator(DateOnly day)
{
    public DateOnly Day { get; } = day;

    public long Requests { get; private set; }

    public long Blocked { get; private set; }

    public long Interventions { get; private set; }

    public long Errors { get; private set; }

    public long Escalated { get; private set; }

    public LatencySketch Latency { get; } = new();

    public ScoreHistogram Scores { get; } = new();

    public void Add(AuditRecord record, AuditTraceFacts? facts)
    {
        Requests++;
        if (record.Flagged)
        {
            Blocked++;
        }

        var isError = record.Status >= 500 || record.Status == 499 || string.Equals(record.Action, "error", StringComparison.Ordinal);
        if (isError)
        {
            Errors++;
        }
        else if (!string.Equals(record.Action, "allow", StringComparison.Ordinal) && !string.Equals(record.Action, "log_only", StringComparison.Ordinal))
        {
            Interventions++;
        }

        Latency.Add(record.LatencyMs);
        if (facts?.UnsafeScore is { } score)
        {
            Scores.Add(score);
        }

        if (facts?.ReviewId is not null)
        {
            Escalated++;
        }
    }

    public void Merge(DayAccumulator other)
    {
        Requests += other.Requests;
        Blocked += other.Blocked;
        Interventions += other.Interventions;
        Errors += other.Errors;
        Escalated += other.Escalated;
        Latency.Merge(other.Latency);
        Scores.Merge(other.Scores);
    }

    public AuditDayStats ToStats(ScoreHistogram reference) => new(
        Day,
        Requests,
        Blocked,
        Interventions,
        Errors,
        Escalated,
        Rate(Blocked),
        Rate(Interventions),
        Rate(Errors),
        Latency.Quantile(0.50),
        Latency.Quantile(0.95),
        Latency.Quantile(0.99),
        Scores.Count,
        Scores.Count == 0 ? null : Math.Round(Scores.Sum / Scores.Count, 4),
        [.. Scores.Counts],
        Scores.Psi(reference));

    private double Rate(long n) => Requests == 0 ? 0 : Math.Round((double)n / Requests, 6);
}
