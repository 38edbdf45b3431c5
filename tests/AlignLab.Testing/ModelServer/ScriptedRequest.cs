namespace AlignLab.Testing.ModelServer;

/// <summary>A request as <see cref="ScriptedModelServer"/> received it.</summary>
public sealed record ScriptedRequest
{
    /// <summary>The protocol the route belongs to.</summary>
    public required ScriptedProtocol Protocol { get; init; }

    /// <summary>HTTP method.</summary>
    public required string Method { get; init; }

    /// <summary>Request path, e.g. <c>/v1/chat/completions</c>.</summary>
    public required string Path { get; init; }

    /// <summary>The model id from the body, if any.</summary>
    public string? Model { get; init; }

    /// <summary>Whether the client asked for a streamed answer (Ollama streams unless told not to).</summary>
    public bool Stream { get; init; }

    /// <summary>The conversation, system prompt included.</summary>
    public IReadOnlyList<ScriptedMessage> Messages { get; init; } = [];

    /// <summary>The requested temperature, if any.</summary>
    public double? Temperature { get; init; }

    /// <summary>The requested output-token cap (<c>max_tokens</c>, <c>max_completion_tokens</c> or Ollama's <c>num_predict</c>), if any.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>The function names declared in the OpenAI <c>tools</c> field, in order (empty when there are none).</summary>
    public IReadOnlyList<string> ToolNames { get; init; } = [];

    /// <summary>The OpenAI <c>tool_choice</c> field as raw JSON text, or null when absent.</summary>
    public string? ToolChoice { get; init; }

    /// <summary>The <c>Authorization</c> header as received (test servers only; lets a test check which key was sent).</summary>
    public string? Authorization { get; init; }

    /// <summary>The <c>x-api-key</c> header as received (Anthropic).</summary>
    public string? ApiKeyHeader { get; init; }

    /// <summary>Every request header (names lower-cased; repeated values joined with ", ").</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>The raw request body.</summary>
    public string Body { get; init; } = "";

    /// <summary>The text of the last user message, or empty.</summary>
    public string LastUserText => Messages.LastOrDefault(m => m.Role == "user")?.Text ?? "";
}
