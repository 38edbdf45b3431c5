namespace AlignLab.Cai.Files;

/// <summary>
/// One line of a suite file written by <c>attacks expand</c>: the row <c>eval --suite FILE</c> reads (<c>id</c>,
/// <c>text</c>, <c>label</c>, <c>category</c>, <c>source</c>) with the attack's provenance (<c>parent_id</c>,
/// <c>transform</c>), which eval ignores.
/// </summary>
public sealed record SuitePromptRecord
{
    /// <summary>The case id (<c>{parent}~{transform}</c> for an attack).</summary>
    public required string Id { get; init; }

    /// <summary>The prompt.</summary>
    public required string Text { get; init; }

    /// <summary><c>harmful</c>, <c>benign</c> or <c>contrast</c>.</summary>
    public required string Label { get; init; }

    /// <summary>The harm category id, or null.</summary>
    public string? Category { get; init; }

    /// <summary>Attribution, or null.</summary>
    public string? Source { get; init; }

    /// <summary>The id of the case the transform rewrote.</summary>
    public string? ParentId { get; init; }

    /// <summary>The transform's name.</summary>
    public string? Transform { get; init; }
}
