namespace AlignLab.Testing.ModelServer;

/// <summary>One message of a scripted request: its role (<c>system</c>, <c>user</c>, <c>assistant</c>, …) and its text content.</summary>
/// <param name="Role">The role as sent on the wire (Anthropic's top-level <c>system</c> field is reported as a <c>system</c> message).</param>
/// <param name="Text">The text parts of the content, concatenated.</param>
public sealed record ScriptedMessage(string Role, string Text)
{
    /// <summary>The <c>tool_call_id</c> of an OpenAI <c>tool</c> message, or null.</summary>
    public string? ToolCallId { get; init; }

    /// <summary>The <c>tool_calls</c> of an OpenAI assistant message (empty when it has none).</summary>
    public IReadOnlyList<ScriptedToolCall> ToolCalls { get; init; } = [];

    /// <summary>Value equality, the tool calls compared element by element (so tests can compare whole conversations).</summary>
    public bool Equals(ScriptedMessage? other) =>
        other is not null && Role == other.Role && Text == other.Text && ToolCallId == other.ToolCallId && ToolCalls.SequenceEqual(other.ToolCalls);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Role, Text, ToolCallId, ToolCalls.Count);
}
