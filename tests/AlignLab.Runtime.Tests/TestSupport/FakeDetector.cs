using AlignLab.Runtime.Detectors;

namespace AlignLab.Runtime.Tests.TestSupport;

/// <summary>An <see cref="IGuardDetector"/> whose answer is a function; counts its calls.</summary>
public sealed class FakeDetector(string name, Func<GuardRequest, CancellationToken, Task<DetectorResult>> detect) : IGuardDetector
{
    private int _calls;

    /// <summary>A detector that always returns the given score, flag and flagged categories.</summary>
    public FakeDetector(string name, double score, bool flagged, params string[] categories)
        : this(name, (_, _) => Task.FromResult(new DetectorResult(name, score, flagged) { FlaggedCategories = [.. categories] }))
    {
    }

    /// <inheritdoc />
    public string Name { get; } = name;

    /// <summary>How many times the detector was called.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>A detector that always throws <paramref name="exception"/>.</summary>
    public static FakeDetector Failing(string name, Exception exception) => new(name, (_, _) => Task.FromException<DetectorResult>(exception));

    /// <summary>A detector that never answers until cancelled.</summary>
    public static FakeDetector Hanging(string name) => new(name, async (_, ct) =>
    {
        await Task.Delay(Timeout.Infinite, ct);
        throw new InvalidOperationException("unreachable");
    });

    /// <inheritdoc />
    public async ValueTask<DetectorResult> DetectAsync(GuardRequest request, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        return await detect(request, cancellationToken);
    }
}
