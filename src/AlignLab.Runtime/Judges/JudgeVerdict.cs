using System.Collections.Immutable;

namespace AlignLab.Runtime.Judges;

/// <summary>A judge's parsed answer.</summary>
/// <param name="Unsafe">The judge's own binary answer (Llama Guard <c>unsafe</c>, ShieldGemma <c>Yes</c>, JSON score ≥ 0.5).</param>
/// <param name="UnsafeScore">Probability-like unsafe score, 0–1 (1 or 0 for answers without a probability).</param>
public sealed record JudgeVerdict(bool Unsafe, double UnsafeScore)
{
    /// <summary>Constitution category ids the judge named (unknown codes are left out and listed in <see cref="UnknownCategories"/>).</summary>
    public ImmutableArray<string> Categories { get; init; } = [];

    /// <summary>Category codes or names the judge gave that do not map to a constitution category (ignored).</summary>
    public ImmutableArray<string> UnknownCategories { get; init; } = [];

    /// <summary>The judge's reason, when it gives one.</summary>
    public string? Rationale { get; init; }

    /// <summary>Things the parser noticed and tolerated (unknown codes, inconsistent answers, out-of-range numbers).</summary>
    public ImmutableArray<string> Notes { get; init; } = [];
}
