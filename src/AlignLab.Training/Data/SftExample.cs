namespace AlignLab.Training.Data;

/// <summary>One training conversation; the loss is taken on its assistant turns only.</summary>
/// <param name="Messages">The turns in order; at least one is an assistant turn.</param>
/// <param name="Line">The 1-based line of the JSONL file it came from (0 when built in code).</param>
public sealed record SftExample(IReadOnlyList<SftMessage> Messages, int Line = 0);
