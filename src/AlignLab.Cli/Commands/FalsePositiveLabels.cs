using System.Globalization;
using AlignLab.Evaluation;

namespace AlignLab.Cli.Commands;

/// <summary>
/// The labelled cases of <c>analyze false-positives --audit … --preferences … --from … --to …</c> (issue 19 item 2):
/// review decisions kept with the audit log (<see cref="ReviewLabeledCases"/>) and preference data
/// (<see cref="PreferenceLabeledCases"/>), inside an optional window of whole UTC days, as <c>report --audit</c> takes
/// it. The options are checked by <see cref="Check"/> before anything slow (the policy, the classifier) is loaded.
/// </summary>
internal sealed class FalsePositiveLabels
{
    private FalsePositiveLabels(string? audit, string? review, IReadOnlyList<string> preferences, DateOnly? from, DateOnly? to)
    {
        Audit = audit;
        Review = review;
        Preferences = preferences;
        From = from;
        To = to;
    }

    /// <summary>The audit log whose review queue labels cases, or null.</summary>
    public string? Audit { get; }

    public string? Review { get; }

    /// <summary>pairs.jsonl files and preference stores.</summary>
    public IReadOnlyList<string> Preferences { get; }

    public DateOnly? From { get; }

    public DateOnly? To { get; }

    /// <summary>Whether the cases come from labels rather than suites.</summary>
    public bool Any => Audit is not null || Preferences.Count > 0;

    private bool HasWindow => From is not null || To is not null;

    /// <summary>
    /// Checks the label options (usage errors, before the policy loads); null <paramref name="audit"/> and no files:
    /// suites are used.
    /// </summary>
    public static FalsePositiveLabels Check(string? audit, string? review, string[]? preferences, string? from, string? to)
    {
        var files = preferences ?? [];
        foreach (var file in files)
        {
            if (!File.Exists(file))
            {
                throw new CliUsageException($"--preferences {file}: no such file");
            }
        }

        var first = AuditReportRun.Day(from, "--from");
        var last = AuditReportRun.Day(to, "--to");
        if ((first is not null || last is not null) && audit is null && files.Length == 0)
        {
            throw new CliUsageException("--from and --to choose which labelled cases are used: give them with --audit or --preferences");
        }

        if (first is { } a && last is { } b && b < a)
        {
            throw new CliUsageException($"--to {b:yyyy-MM-dd} is before --from {a:yyyy-MM-dd}");
        }

        if (review is not null && audit is null)
        {
            throw new CliUsageException("--review names the review queue of an audit log: give --audit too");
        }

        return new FalsePositiveLabels(audit, review, files, first, last);
    }

    /// <summary>
    /// Reads the labelled cases; writes notes and skipped lines to standard error. Returns the cases and the line that
    /// describes where they came from; no cases at all is the caller's to report.
    /// </summary>
    public async Task<(IReadOnlyList<EvalCase> Cases, string Source)> ReadAsync(CliContext ctx, CancellationToken cancellationToken)
    {
        DateTimeOffset? start = From is { } f ? new DateTimeOffset(f.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;
        DateTimeOffset? end = To is { } t ? new DateTimeOffset(t.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;
        var cases = new List<EvalCase>();
        var sources = new List<string>();
        if (Audit is not null)
        {
            var queue = await AuditReportRun.OpenReviewAsync(Audit, Review, cancellationToken).ConfigureAwait(false);
            if (queue is null && Preferences.Count == 0)
            {
                throw new CliUsageException($"--audit {Audit}: no review queue beside it (alignlab-review.db); give --review FILE");
            }

            if (queue is not null)
            {
                try
                {
                    var reviewed = await ReviewLabeledCases.ReadAsync(queue, 10_000, cancellationToken, start, end).ConfigureAwait(false);
                    var approved = reviewed.Count(c => c.Label == CaseLabel.Benign);
                    cases.AddRange(reviewed);
                    sources.Add($"{ReviewLabeledCases.Suite} ({approved} approved, {reviewed.Count - approved} rejected)");
                }
                finally
                {
                    if (queue is IAsyncDisposable d)
                    {
                        await d.DisposeAsync().ConfigureAwait(false);
                    }
                }
            }
        }

        if (Preferences.Count > 0)
        {
            if (HasWindow)
            {
                foreach (var file in Preferences.Where(p => p.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || p.EndsWith(".json",
                    StringComparison.OrdinalIgnoreCase)))
                {
                    ctx.Error.WriteLine($"alignlab: note: {file} holds no dates (pairs.jsonl records have none), so --from/--to do not apply to it");
                }
            }

            var labels = await PreferenceLabeledCases.ReadAsync(Preferences, start, end, cancellationToken).ConfigureAwait(false);
            foreach (var problem in labels.Problems)
            {
                ctx.Error.WriteLine("alignlab: warning: " + problem);
            }

            // A prompt a reviewer decided keeps the reviewer's label.
            var reviewedPrompts = cases.Select(c => c.Text).ToHashSet(StringComparer.Ordinal);
            var added = labels.Cases.Where(c => !reviewedPrompts.Contains(c.Text)).ToList();
            cases.AddRange(added);
            var benign = added.Count(c => c.Label == CaseLabel.Benign);
            sources.Add(string.Create(CultureInfo.InvariantCulture,
                $"{PreferenceLabeledCases.Suite} ({benign} answer preferred, {added.Count - benign} refusal preferred, from {labels.Pairs} pair(s); "
                + $"{labels.Uninformative} without exactly one refusal and {labels.Conflicting} conflicting prompt(s) give no label)"));
        }

        return (cases, string.Join(" + ", sources));
    }

    /// <summary>What to say when there is nothing to analyse.</summary>
    public string NothingMessage() => HasWindow
        ? $"no decided review item or labelled preference from {From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "the start"} to "
            + $"{To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "now"}; nothing analysed"
        : "no labelled case: the review queue holds no decided item yet (approve or reject some with alignlab review) and no preference "
            + "pair has exactly one refusal";
}
