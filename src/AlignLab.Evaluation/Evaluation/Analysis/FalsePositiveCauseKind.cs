namespace AlignLab.Evaluation.Analysis;

/// <summary>What decided a false positive.</summary>
public enum FalsePositiveCauseKind
{
    /// <summary>A rule's action was the most protective (<see cref="Rules.Decision.DecidingRule"/>).</summary>
    Rule,

    /// <summary>A classifier detection decided (<see cref="Rules.Decision.DecidingDetection"/>).</summary>
    Classifier,

    /// <summary>Neither: a check failed and the stage failed closed.</summary>
    Failure,
}
