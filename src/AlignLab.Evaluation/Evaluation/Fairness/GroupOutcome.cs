namespace AlignLab.Evaluation.Fairness;

/// <summary>One labelled text's group, its true label and whether the scorer flagged it.</summary>
/// <param name="Group">The group the text is about (e.g. a target group or an identity descriptor).</param>
/// <param name="Unsafe">The true label.</param>
/// <param name="Flagged">The scorer's decision at its threshold.</param>
public readonly record struct GroupOutcome(string Group, bool Unsafe, bool Flagged);
