namespace AlignLab.Runtime.Critique;

/// <summary>Rewrites a draft response before it is checked and returned (constitutional critique→revision).</summary>
public interface IResponseReviser
{
    /// <summary>Critiques and revises <paramref name="draft"/>, the answer to <paramref name="prompt"/>.</summary>
    Task<RevisionOutcome> ReviseAsync(string prompt, string draft, CancellationToken cancellationToken = default);
}
