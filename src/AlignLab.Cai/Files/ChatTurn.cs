namespace AlignLab.Cai.Files;

/// <summary>One message of a conversational training row: <c>{"role": …, "content": …}</c>.</summary>
/// <param name="Role"><c>system</c>, <c>user</c> or <c>assistant</c>.</param>
/// <param name="Content">The message text.</param>
public sealed record ChatTurn(string Role, string Content);
