using AlignLab.Runtime.Review;

namespace AlignLab.Server.Audit.Analytics;

/// <summary>
/// Aggregates an audit log over whole UTC days in one streaming pass: per-day counts, a latency histogram and a score
/// histogram per day, counts per rule, category, action and endpoint. Memory depends on the number of days and of
/// distinct rules and categories, never on the number of records. The reference window's score histogram is built in
/// the same pass when it lies inside the window, otherwise by a second pass over the reference days alone.
/// </summary>
public static class AuditAnalyzer
{
    /// <summary>Reads the window from <paramref name="reader"/> (and the review items created in it from <paramref name="review"/>).</summary>
    /// <param name="reader">The audit store.</param>
    /// <param name="options">The window, the reference window and the sections.</param>
    /// <param name="review">The review queue, or null to leave review outcomes out.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public static async Task<AuditReport> AnalyzeAsync(
        IAuditReader reader, AuditReportOptions options, IReviewQueue? review, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }

        var refFrom = options.ReferenceFrom ?? options.From;
        var refTo = options.ReferenceTo ?? refFrom;
        var days = new DayAccumulator[options.To.DayNumber - options.From.DayNumber + 1];
        for (var i = 0; i < days.Length; i++)
        {
            days[i] = new DayAccumulator(options.From.AddDays(i));
        }

        var reference = new ScoreHistogram();
        var referenceInside = refFrom >= options.From && refTo <= options.To;
        var rules = new Dictionary<string, long>(StringComparer.Ordinal);
        var categories = new Dictionary<string, long>(StringComparer.Ordinal);
        var actions = new Dictionary<string, long>(StringComparer.Ordinal);
        var endpoints = new Dictionary<string, long>(StringComparer.Ordinal);
        var facts = new AuditTraceFacts();
        long unreadable = 0;
        await foreach (var record in reader.ReadAsync(Start(options.From), Start(options.To.AddDays(1)), cancellationToken).ConfigureAwait(false))
        {
            var day = DateOnly.FromDateTime(record.At.UtcDateTime);
            var index = day.DayNumber - options.From.DayNumber;
            if ((uint)index >= (uint)days.Length)
            {
                continue;
            }

            var readable = facts.TryRead(record.Trace);
            if (!readable)
            {
                unreadable++;
            }

            days[index].Add(record, readable ? facts : null);
            Increment(actions, record.Action);
            Increment(endpoints, record.Endpoint);
            if (!readable)
            {
                continue;
            }

            foreach (var rule in facts.Rules)
            {
                Increment(rules, rule);
            }

            foreach (var category in facts.Categories)
            {
                Increment(categories, category);
            }

            if (referenceInside && day >= refFrom && day <= refTo && facts.UnsafeScore is { } score)
            {
                reference.Add(score);
            }
        }

        if (!referenceInside)
        {
            await foreach (var record in reader.ReadAsync(Start(refFrom), Start(refTo.AddDays(1)), cancellationToken).ConfigureAwait(false))
            {
                if (facts.TryRead(record.Trace) && facts.UnsafeScore is { } score)
                {
                    reference.Add(score);
                }
            }
        }

        var totals = new DayAccumulator(options.From);
        foreach (var d in days)
        {
            totals.Merge(d);
        }

        var outcomes = review is null ? null : await ReadReviewAsync(review, options, cancellationToken).ConfigureAwait(false);
        return new AuditReport(
            reader.Description, options.From, options.To, refFrom, refTo, reference.Count,
            totals.ToStats(reference), [.. days.Select(d => d.ToStats(reference))],
            Ranked(rules), Ranked(categories), Ranked(actions), Ranked(endpoints), outcomes, unreadable,
            options.Metrics ?? AuditMetrics.All);
    }

    private static async Task<ReviewOutcomes> ReadReviewAsync(IReviewQueue review, AuditReportOptions options, CancellationToken cancellationToken)
    {
        var items = await review.ListAsync(null, options.MaxReviewItems, cancellationToken).ConfigureAwait(false);
        var from = Start(options.From);
        var to = Start(options.To.AddDays(1));
        long pending = 0, approved = 0, rejected = 0;
        foreach (var item in items.Where(i => i.CreatedAt >= from && i.CreatedAt < to))
        {
            switch (item.Status)
            {
                case ReviewStatus.Approved:
                    approved++;
                    break;
                case ReviewStatus.Rejected:
                    rejected++;
                    break;
                default:
                    pending++;
                    break;
            }
        }

        return new ReviewOutcomes(pending, approved, rejected, items.Count >= options.MaxReviewItems);
    }

    private static DateTimeOffset Start(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static void Increment(Dictionary<string, long> counts, string key) =>
        counts[key] = counts.TryGetValue(key, out var n) ? n + 1 : 1;

    private static List<NamedCount> Ranked(Dictionary<string, long> counts) =>
        [.. counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => new NamedCount(p.Key, p.Value))];
}
