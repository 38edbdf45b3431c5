namespace AlignLab.Runtime.Review;

/// <summary>Thrown when a decision is recorded on an item that was already decided.</summary>
public sealed class ReviewAlreadyDecidedException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="item"/>, the item as it stands.</summary>
    public ReviewAlreadyDecidedException(ReviewItem item)
        : base($"Review item {item?.Id} was already {item?.Status.ToString().ToLowerInvariant()} by {item?.Reviewer} at {item?.DecidedAt:O}; a decision cannot be changed.")
    {
        Item = item;
    }

    /// <summary>Creates the exception with a message.</summary>
    public ReviewAlreadyDecidedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ReviewAlreadyDecidedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public ReviewAlreadyDecidedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The item as it stands (with the earlier decision), when known.</summary>
    public ReviewItem? Item { get; }
}
