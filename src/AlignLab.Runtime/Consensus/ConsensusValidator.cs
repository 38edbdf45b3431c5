using System.Collections.Immutable;
using AlignLab.Runtime.Detectors;

namespace AlignLab.Runtime.Consensus;

/// <summary>One member of a consensus.</summary>
/// <param name="Name">A unique name, shown in votes and reasons.</param>
/// <param name="Detector">The detector that votes.</param>
/// <param name="Weight">The vote's weight (&gt; 0).</param>
/// <param name="Role">What the validator checks: "safety", "helpfulness", "accuracy", … (informational).</param>
public sealed record ConsensusValidator(string Name, IGuardDetector Detector, double Weight = 1.0, string Role = "safety")
{
    /// <summary>
    /// Category ids, codes or aliases this validator may veto: when its result flags any of them the consensus blocks,
    /// whatever the vote. <c>"*"</c> vetoes on any flag. Empty (the default): no veto.
    /// </summary>
    public ImmutableArray<string> VetoCategories { get; init; } = [];
}
