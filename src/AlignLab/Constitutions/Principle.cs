using AlignLab.Diagnostics;

namespace AlignLab.Constitutions;

/// <summary>A core principle of the constitution, used by critique→revision and for weighting judgements.</summary>
/// <param name="Id">Unique id.</param>
/// <param name="Description">The principle in plain words.</param>
/// <param name="Weight">Relative weight (≥ 0), 1.0 by default.</param>
/// <param name="CritiquePrompt">Optional instruction for a critic model.</param>
/// <param name="RevisionPrompt">Optional instruction for a reviser model.</param>
/// <param name="Location">Where the principle was written.</param>
public sealed record Principle(string Id, string Description, double Weight, string? CritiquePrompt, string? RevisionPrompt, SourceLocation Location);
