namespace AlignLab.Testing.ModelServer;

/// <summary>The wire protocol a request to <see cref="ScriptedModelServer"/> arrived on.</summary>
public enum ScriptedProtocol
{
    /// <summary>OpenAI chat completions (<c>POST /v1/chat/completions</c>).</summary>
    OpenAI,

    /// <summary>Ollama chat (<c>POST /api/chat</c>).</summary>
    Ollama,

    /// <summary>Anthropic messages (<c>POST /v1/messages</c>).</summary>
    Anthropic,

    /// <summary>Any other route (model listings, version probes, unknown paths).</summary>
    Other,
}
