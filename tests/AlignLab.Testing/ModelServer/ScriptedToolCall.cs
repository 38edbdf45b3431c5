namespace AlignLab.Testing.ModelServer;

/// <summary>A function call in OpenAI terms: scripted as part of a reply, or recorded from an assistant message of a request.</summary>
/// <param name="Id">The call id (<c>call_…</c>) that the tool result must name.</param>
/// <param name="Name">The function name.</param>
/// <param name="Arguments">The arguments as the JSON text the model wrote.</param>
public sealed record ScriptedToolCall(string Id, string Name, string Arguments);
