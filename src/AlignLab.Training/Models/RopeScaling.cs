namespace AlignLab.Training.Models;

/// <summary>
/// A <c>rope_scaling</c> (or transformers v5 <c>rope_parameters</c>) entry. Supported types: <c>linear</c> (needs
/// <see cref="Factor"/>) and <c>llama3</c> (needs all four numbers).
/// </summary>
/// <param name="Type">The <c>rope_type</c> (older files: <c>type</c>).</param>
/// <param name="Factor">The scaling factor.</param>
/// <param name="OriginalMaxPositionEmbeddings">llama3: the context the model was trained at.</param>
/// <param name="LowFreqFactor">llama3: low-frequency factor.</param>
/// <param name="HighFreqFactor">llama3: high-frequency factor.</param>
public sealed record RopeScaling(
    string Type, double? Factor = null, int? OriginalMaxPositionEmbeddings = null, double? LowFreqFactor = null, double? HighFreqFactor = null);
