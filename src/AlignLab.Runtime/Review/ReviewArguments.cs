namespace AlignLab.Runtime.Review;

/// <summary>Argument checks shared by the queue implementations.</summary>
internal static class ReviewArguments
{
    public const int MaxListLimit = 10_000;

    public static void CheckLimit(int limit)
    {
        if (limit is < 1 or > MaxListLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, $"limit must be between 1 and {MaxListLimit}.");
        }
    }

    public static void CheckDecision(string id, ReviewVerdict verdict, string reviewer)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!Enum.IsDefined(verdict))
        {
            throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "verdict must be Approved or Rejected.");
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(reviewer);
    }

    public static void CheckStatus(ReviewStatus? status)
    {
        if (status is { } s && !Enum.IsDefined(s))
        {
            throw new ArgumentOutOfRangeException(nameof(status), s, "unknown review status.");
        }
    }
}
