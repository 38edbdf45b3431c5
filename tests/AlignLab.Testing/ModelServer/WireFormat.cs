namespace AlignLab.Testing.ModelServer;

/// <summary>How one protocol spells answers, stream chunks and errors.</summary>
internal abstract class WireFormat
{
    /// <summary>Content type of a streamed answer.</summary>
    public abstract string StreamContentType { get; }

    /// <summary>The error body for a failed request.</summary>
    public abstract string ErrorBody(int statusCode, string message);

    /// <summary>The complete non-streamed answer.</summary>
    public abstract string CompleteBody(ScriptedRequest request, ScriptedReply reply, DateTimeOffset now);

    /// <summary>Frames sent before the first token.</summary>
    public abstract IEnumerable<string> StreamStart(ScriptedRequest request, ScriptedReply reply, DateTimeOffset now);

    /// <summary>The frame carrying one token.</summary>
    public abstract string StreamToken(ScriptedRequest request, string token, DateTimeOffset now);

    /// <summary>Frames sent after the last token (finish reason, usage, terminator).</summary>
    public abstract IEnumerable<string> StreamEnd(ScriptedRequest request, ScriptedReply reply, DateTimeOffset now);

    /// <summary>A frame whose JSON is malformed.</summary>
    public abstract string InvalidFrame { get; }

    /// <summary>A server-sent-events frame.</summary>
    protected static string Sse(string data, string? eventName = null) =>
        (eventName is null ? "" : $"event: {eventName}\n") + $"data: {data}\n\n";

    /// <summary>A rough token count for usage fields.</summary>
    protected static int CompletionTokens(ScriptedReply reply) => Math.Max(1, reply.TokenList.Count);
}
