namespace AlignLab.Runtime.Tests.TestSupport;

/// <summary>A resource that counts how often it is disposed, to check who owns it.</summary>
public sealed class CountingDisposable : IDisposable
{
    private int _disposals;

    /// <summary>How many times <see cref="Dispose"/> ran.</summary>
    public int Disposals => Volatile.Read(ref _disposals);

    public void Dispose() => Interlocked.Increment(ref _disposals);
}
