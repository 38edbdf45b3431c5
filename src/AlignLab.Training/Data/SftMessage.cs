namespace AlignLab.Training.Data;

/// <summary>One chat turn: <c>{"role": "system"|"user"|"assistant", "content": "…"}</c>.</summary>
public sealed record SftMessage(string Role, string Content);
