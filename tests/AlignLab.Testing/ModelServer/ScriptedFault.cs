namespace AlignLab.Testing.ModelServer;

/// <summary>How a scripted reply misbehaves.</summary>
public enum ScriptedFault
{
    /// <summary>A well-formed answer.</summary>
    None,

    /// <summary>An error status (<see cref="ScriptedReply.StatusCode"/>) with the protocol's error body.</summary>
    HttpError,

    /// <summary>Never answers: the request stays open until the client gives up or the server is disposed.</summary>
    Hang,

    /// <summary>Sends some chunks (or part of the JSON body) and then aborts the connection without the final chunk, <c>[DONE]</c> or <c>done</c>.</summary>
    TruncatedStream,

    /// <summary>Ends the response cleanly after some chunks but never sends the final chunk (no finish reason, no <c>[DONE]</c>/<c>done</c>/<c>message_stop</c>).</summary>
    StreamEndsWithoutFinish,

    /// <summary>Status 200 with a malformed JSON body, or malformed JSON in the streamed data.</summary>
    InvalidJson,

    /// <summary>A well-formed answer after waiting <see cref="ScriptedReply.Delay"/>.</summary>
    DelayBeforeResponse,
}
