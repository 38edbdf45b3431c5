using AlignLab.Evaluation.Bbq;

namespace AlignLab.Runtime.Evaluation.Bbq;

/// <summary>Options for <see cref="BbqRunner"/>.</summary>
public sealed class BbqRunOptions
{
    /// <summary>Items evaluated at once (each item runs every strategy in turn).</summary>
    public int Concurrency { get; set; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Response characters kept in each result.</summary>
    public int MaxResponseChars { get; set; } = 500;

    /// <summary>Called with each result as it finishes (serialised: one call at a time).</summary>
    public Func<BbqResult, CancellationToken, Task>? OnResult { get; set; }
}
