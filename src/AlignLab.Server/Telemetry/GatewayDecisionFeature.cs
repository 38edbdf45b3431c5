namespace AlignLab.Server.Telemetry;

/// <summary>
/// What the gateway decided for a request, set on the request's features when the decision is recorded, so the
/// request log line can carry it. Holds no prompt or response text.
/// </summary>
/// <param name="Action">The final action (allow, block, redact, …).</param>
/// <param name="Arm">The policy arm that decided.</param>
/// <param name="AuditId">The audit record's id (also sent as <c>x-alignlab-audit-id</c>).</param>
/// <param name="Context">The constitution context the request chose, or null for the default.</param>
/// <param name="Profile">The constitution profile the request chose, or null for the default.</param>
internal sealed record GatewayDecisionFeature(string Action, string Arm, string AuditId, string? Context = null, string? Profile = null);
