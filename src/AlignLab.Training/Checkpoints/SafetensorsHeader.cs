namespace AlignLab.Training.Checkpoints;

/// <summary>A validated safetensors header: the tensors (in data-offset order) and the string metadata.</summary>
/// <param name="Tensors">The tensors, sorted by their offset in the data buffer, which they tile exactly.</param>
/// <param name="Metadata">The <c>__metadata__</c> entries (empty when absent).</param>
/// <param name="DataOffset">Where the data buffer starts in the file (8 + the header length).</param>
public sealed record SafetensorsHeader(
    IReadOnlyList<SafetensorsTensorInfo> Tensors, IReadOnlyDictionary<string, string> Metadata, long DataOffset)
{
    /// <summary>The tensor named <paramref name="name"/>, or null.</summary>
    public SafetensorsTensorInfo? Find(string name) => Tensors.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal));
}
