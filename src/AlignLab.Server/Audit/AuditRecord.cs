namespace AlignLab.Server.Audit;

/// <summary>One gateway decision as the audit log keeps it.</summary>
/// <param name="Id">Unique id, also returned to the caller in the <c>x-alignlab-audit-id</c> header.</param>
/// <param name="At">When the request arrived.</param>
/// <param name="Caller">The API key's name (or "anonymous"); never the key.</param>
/// <param name="Endpoint">The endpoint that decided (e.g. <c>chat.completions</c>, <c>moderations</c>).</param>
/// <param name="Arm">The policy arm ("a" or "b").</param>
/// <param name="Policy">The constitution's name.</param>
/// <param name="PolicyVersion">The policy version (hash prefix of its YAML).</param>
/// <param name="Action">The final action (allow, block, redact, …).</param>
/// <param name="Flagged">Whether the decision flagged the content.</param>
/// <param name="Status">The HTTP status returned.</param>
/// <param name="LatencyMs">Time spent handling the request, in milliseconds.</param>
/// <param name="InputSha256">SHA-256 of the checked text, so repeated inputs can be found without storing them.</param>
/// <param name="Trace">The decision trace as JSON.</param>
public sealed record AuditRecord(
    string Id,
    DateTimeOffset At,
    string Caller,
    string Endpoint,
    string Arm,
    string Policy,
    string PolicyVersion,
    string Action,
    bool Flagged,
    int Status,
    double LatencyMs,
    string? InputSha256,
    string Trace)
{
    /// <summary>The constitution context the request chose (header or <c>metadata</c>), or null for the gateway's default.</summary>
    public string? Context { get; init; }

    /// <summary>The constitution profile the request chose (header or <c>metadata</c>), or null for the gateway's default.</summary>
    public string? Profile { get; init; }
}
