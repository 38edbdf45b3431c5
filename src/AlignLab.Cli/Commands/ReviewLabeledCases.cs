using AlignLab.Evaluation;
using AlignLab.Runtime.Review;

namespace AlignLab.Cli.Commands;

/// <summary>
/// Cases for the false-positive analysis taken from the review queue kept with an audit log: a reviewer who approved
/// an exchange said the guard was too strict, so its prompt is a benign case; a rejected one is a harmful case (used to
/// check that a suggested exception would not let it through). Pending items carry no label and are left out.
/// </summary>
internal static class ReviewLabeledCases
{
    /// <summary>The suite name the cases carry in the report.</summary>
    public const string Suite = "review-queue";

    /// <summary>
    /// The decided items, labelled; with <paramref name="from"/> or <paramref name="toExclusive"/>, only those whose
    /// exchange was flagged (the item's creation time, as the audit record's) inside the window.
    /// </summary>
    public static async Task<IReadOnlyList<EvalCase>> ReadAsync(
        IReviewQueue queue, int max, CancellationToken cancellationToken, DateTimeOffset? from = null, DateTimeOffset? toExclusive = null)
    {
        var cases = new List<EvalCase>();
        foreach (var status in new[] { ReviewStatus.Approved, ReviewStatus.Rejected })
        {
            var items = await queue.ListAsync(status, max, cancellationToken).ConfigureAwait(false);
            foreach (var item in items.Where(i => (from is null || i.CreatedAt >= from) && (toExclusive is null || i.CreatedAt < toExclusive)))
            {
                var label = status == ReviewStatus.Approved ? CaseLabel.Benign : CaseLabel.Harmful;
                cases.Add(new EvalCase("review:" + item.Id, item.Prompt, label, Suite) { Source = item.Reviewer });
            }
        }

        return cases;
    }
}
