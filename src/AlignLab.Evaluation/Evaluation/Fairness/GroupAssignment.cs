namespace AlignLab.Evaluation.Fairness;

/// <summary>The group of each evaluated text, read from one column.</summary>
/// <param name="Column">The column's name (shown in reports).</param>
/// <param name="Groups">One group per text, in the same order as the texts (null or empty: <see cref="GroupFairness.NoGroup"/>).</param>
/// <param name="MinGroupSize">The fewest texts of a class a group needs for that rate to be compared.</param>
public sealed record GroupAssignment(string Column, IReadOnlyList<string?> Groups, int MinGroupSize = GroupFairness.DefaultMinGroupSize);
