using System.Reflection;

namespace AlignLab.Runtime.Review;

/// <summary>
/// Opens the durable review queue a constitution names with <c>review_queue: PATH</c>. The queue (<c>SqliteReviewQueue</c>)
/// lives in the assembly <see cref="StorageAssembly"/> so that the runtime does not carry a database driver; it is
/// found by name when the application ships that assembly (reference the AlignLab.Storage project or package).
/// </summary>
public static class ReviewQueueFile
{
    /// <summary>The assembly holding the SQLite review queue.</summary>
    public const string StorageAssembly = "AlignLab.Storage";

    /// <summary>The queue's type, in <see cref="StorageAssembly"/>.</summary>
    public const string QueueType = "AlignLab.Runtime.Review.SqliteReviewQueue";

    /// <summary>Opens (creating on first use) the SQLite review queue stored at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidOperationException">The application does not ship <see cref="StorageAssembly"/>.</exception>
    public static IReviewQueue Open(string path, TimeProvider timeProvider)
    {
        var type = Type.GetType(QueueType + ", " + StorageAssembly, throwOnError: false)
            ?? throw new InvalidOperationException(
                $"review_queue: {path} needs the SQLite review queue, which is in {StorageAssembly}; reference that project or package");
        var constructor = type.GetConstructor([typeof(string), typeof(TimeProvider)])
            ?? throw new InvalidOperationException($"{QueueType} in {StorageAssembly} has no (string, TimeProvider) constructor");
        return (IReviewQueue)constructor.Invoke(BindingFlags.DoNotWrapExceptions, null, [path, timeProvider], null);
    }
}
