namespace AlignLab.Runtime.Critique;

/// <summary>Why a critique→revision run stopped.</summary>
public enum CritiqueStopReason
{
    /// <summary>The critic found no violation; the current text is final and was not revised in that round.</summary>
    NoViolation = 0,

    /// <summary>The reviser returned the current text unchanged (after whitespace normalisation).</summary>
    RevisionUnchanged = 1,

    /// <summary>The critic's score did not improve by at least the minimum over the previous round; the better of the two texts is final.</summary>
    NoImprovement = 2,

    /// <summary>The maximum number of rounds was reached; the last revision is final.</summary>
    MaxRounds = 3,
}
