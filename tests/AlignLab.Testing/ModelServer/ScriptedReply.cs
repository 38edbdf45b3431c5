namespace AlignLab.Testing.ModelServer;

/// <summary>What <see cref="ScriptedModelServer"/> answers to one request.</summary>
public sealed record ScriptedReply
{
    /// <summary>The tokens of the answer; streamed one per chunk, concatenated for a non-streamed answer.</summary>
    public IReadOnlyList<string> TokenList { get; init; } = [];

    /// <summary>The full answer text.</summary>
    public string FullText => string.Concat(TokenList);

    /// <summary>Finish reason in OpenAI terms (<c>stop</c>, <c>length</c>, …); mapped to each protocol's own word.</summary>
    public string FinishReason { get; init; } = "stop";

    /// <summary>Function calls the answer makes (OpenAI protocol only; the other protocols ignore them).</summary>
    public IReadOnlyList<ScriptedToolCall> ToolCalls { get; init; } = [];

    /// <summary>Pause between streamed chunks.</summary>
    public TimeSpan ChunkDelay { get; init; }

    /// <summary>Pause before anything is sent (used by <see cref="ScriptedFault.DelayBeforeResponse"/>, honoured by every reply).</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>How the reply misbehaves.</summary>
    public ScriptedFault Fault { get; init; }

    /// <summary>Status code of an <see cref="ScriptedFault.HttpError"/>.</summary>
    public int StatusCode { get; init; } = 200;

    /// <summary>The message inside an <see cref="ScriptedFault.HttpError"/> body (default: "scripted failure (HTTP n)").</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>A <c>Retry-After</c> header (whole seconds) to send with an error.</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>How many chunks a truncated stream sends before it stops (default: half of them, at least one).</summary>
    public int? ChunksBeforeTruncation { get; init; }

    /// <summary>Prompt-token count reported in usage.</summary>
    public int PromptTokens { get; init; } = 7;

    /// <summary>A plain answer; streamed it is split into word-sized tokens.</summary>
    public static ScriptedReply Text(string text) => new() { TokenList = SplitWords(text) };

    /// <summary>An answer made of exactly these tokens (one streamed chunk each).</summary>
    public static ScriptedReply Tokens(params string[] tokens) => new() { TokenList = tokens };

    /// <summary>An answer that asks the client to call functions (no text, finish reason <c>tool_calls</c>; OpenAI protocol only).
    /// Streamed, each call comes as a first chunk with its id and name and then its arguments in two fragments.</summary>
    public static ScriptedReply CallTools(params ScriptedToolCall[] calls) =>
        new() { ToolCalls = calls, FinishReason = "tool_calls" };

    /// <summary>An HTTP error with the protocol's error body.</summary>
    public static ScriptedReply Fail(int statusCode, int? retryAfterSeconds = null) =>
        new() { Fault = ScriptedFault.HttpError, StatusCode = statusCode, RetryAfterSeconds = retryAfterSeconds };

    /// <summary>A request that is never answered.</summary>
    public static ScriptedReply Hang() => new() { Fault = ScriptedFault.Hang };

    /// <summary>A stream (or body) cut off by a connection abort after some of <paramref name="text"/>.</summary>
    public static ScriptedReply Truncated(string text = "this answer is cut off mid way", int? chunksBeforeAbort = null) =>
        Text(text) with { Fault = ScriptedFault.TruncatedStream, ChunksBeforeTruncation = chunksBeforeAbort };

    /// <summary>A stream that ends cleanly after some of <paramref name="text"/> but without its final chunk.</summary>
    public static ScriptedReply EndsWithoutFinish(string text = "this answer just stops", int? chunksBeforeEnd = null) =>
        Text(text) with { Fault = ScriptedFault.StreamEndsWithoutFinish, ChunksBeforeTruncation = chunksBeforeEnd };

    /// <summary>Status 200 with malformed JSON.</summary>
    public static ScriptedReply InvalidJson() => Text("never parsed") with { Fault = ScriptedFault.InvalidJson };

    /// <summary>A well-formed answer after <paramref name="delay"/>.</summary>
    public static ScriptedReply Delayed(string text, TimeSpan delay) =>
        Text(text) with { Fault = ScriptedFault.DelayBeforeResponse, Delay = delay };

    private static string[] SplitWords(string text)
    {
        var tokens = new List<string>();
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            if (i == text.Length || (text[i] == ' ' && i > start))
            {
                tokens.Add(text[start..i]);
                start = i;
            }
        }

        return [.. tokens];
    }
}
