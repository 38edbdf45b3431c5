namespace AlignLab.Pii;

/// <summary>A redacted text and the entities that were replaced (offsets refer to the original text).</summary>
/// <param name="Text">The text with every entity replaced by its placeholder.</param>
/// <param name="Entities">The entities found in the original text, in order of position.</param>
public sealed record PiiRedactionResult(string Text, IReadOnlyList<PiiEntity> Entities)
{
    /// <summary>Whether anything was redacted.</summary>
    public bool Redacted => Entities.Count > 0;
}
