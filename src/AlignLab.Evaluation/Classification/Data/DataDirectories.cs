namespace AlignLab.Classification.Data;

/// <summary>Where the datasets live.</summary>
/// <param name="Shared">The shared third-party datasets (<c>../shared/data</c> beside the repository).</param>
/// <param name="Project">The repository's own <c>data/</c> folder (contrast set, supplement).</param>
public sealed record DataDirectories(string Shared, string Project);
