namespace AlignLab.Cai.Preferences;

/// <summary>
/// One line of a candidates file (<c>prefs collect</c>): a prompt and the answers the models gave it, for labelling by
/// people or by <see cref="PreferenceLabeller"/> (which compares every two candidates).
/// </summary>
public sealed record CandidateSet
{
    /// <summary>The prompt's id (its <c>id</c> field, else its record number).</summary>
    public required string Id { get; init; }

    /// <summary>The prompt.</summary>
    public required string Prompt { get; init; }

    /// <summary>The answers, model by model, sample by sample.</summary>
    public IReadOnlyList<Candidate> Candidates { get; init; } = [];

    /// <summary>The generations that failed, or null when none did.</summary>
    public IReadOnlyList<CandidateFailure>? Failures { get; init; }
}
