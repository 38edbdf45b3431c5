namespace AlignLab.Cai.Preferences;

/// <summary>How <see cref="PreferenceLabeller"/> runs.</summary>
public sealed record PreferenceLabelRunOptions
{
    /// <summary>Items judged at once (default 4; each item is two judge calls, one after the other).</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>Where ties are written (same shape as the output, chosen = A), or null to only count them.</summary>
    public TextWriter? Ties { get; init; }

    /// <summary>Ids already labelled by an earlier run (read from its output): their items are skipped.</summary>
    public IReadOnlySet<string>? Done { get; init; }

    /// <summary>How many malformed lines and errors the summary lists (all are counted).</summary>
    public int MaxListed { get; init; } = 20;
}
