namespace AlignLab.Testing.ModelServer;

/// <summary>One message of a scripted request: its role (<c>system</c>, <c>user</c>, <c>assistant</c>, …) and its text content.</summary>
/// <param name="Role">The role as sent on the wire (Anthropic's top-level <c>system</c> field is reported as a <c>system</c> message).</param>
/// <param name="Text">The text parts of the content, concatenated.</param>
public sealed record ScriptedMessage(string Role, string Text);
