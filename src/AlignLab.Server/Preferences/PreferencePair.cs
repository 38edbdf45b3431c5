namespace AlignLab.Server.Preferences;

/// <summary>One human preference: for <paramref name="Prompt"/>, <paramref name="Chosen"/> was preferred over <paramref name="Rejected"/>.</summary>
/// <param name="Id">Row id (increasing).</param>
/// <param name="Prompt">The prompt both responses answer.</param>
/// <param name="Chosen">The preferred response.</param>
/// <param name="Rejected">The other response.</param>
/// <param name="Reason">Why, if the rater said.</param>
/// <param name="Rater">The API key name of the rater.</param>
/// <param name="Source">Where the pair came from (e.g. <c>base-vs-aligned</c>), if known.</param>
/// <param name="CreatedAt">When it was stored.</param>
public sealed record PreferencePair(long Id, string Prompt, string Chosen, string Rejected, string? Reason, string Rater, string? Source, DateTimeOffset CreatedAt)
{
    /// <summary>The checks every <see cref="IPreferenceStore.AddAsync"/> makes: the required texts are not null.</summary>
    internal static void CheckArguments(string prompt, string chosen, string rejected, string rater)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(chosen);
        ArgumentNullException.ThrowIfNull(rejected);
        ArgumentNullException.ThrowIfNull(rater);
    }
}
