namespace AlignLab.Cai.Generation;

/// <summary>A prompt to generate a record for.</summary>
/// <param name="Id">A stable id, unique within the run (resuming skips ids already written).</param>
/// <param name="Text">The user's prompt.</param>
public sealed record CaiPrompt(string Id, string Text)
{
    /// <summary>The harm category when the input named one, or null.</summary>
    public string? Category { get; init; }
}
