using System.Globalization;
using AlignLab.Server.Audit;

namespace AlignLab.Server.Tests.Audit.Analytics;

/// <summary>Audit records with traces in the three shapes the gateway writes (one decision, several, an alignment trace).</summary>
internal static class AuditSamples
{
    public static readonly DateTimeOffset Monday = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A moderation's trace: one decision, as DecisionJson writes it (abridged to the fields analytics read and a few more).</summary>
    public static string Decision(string? rule, string? category, double unsafeScore) => string.Create(CultureInfo.InvariantCulture, $$"""
        {"policy":"alignlab-default","stage":"input","context":null,"profile":null,"action":"{{(rule is null ? "allow" : "block")}}",
         "outcome":"{{(rule is null ? "allowed" : "blocked")}}","blocking":{{(rule is null ? "false" : "true")}},
         "deciding_rule":{{(rule is null ? "null" : "\"" + rule + "\"")}},"deciding_category":{{(category is null ? "null" : "\"" + category + "\"")}},
         "matches":[{{(rule is null ? "" : "{\"rule_id\":\"" + rule + "\",\"action\":\"block\",\"category\":\"" + category + "\",\"severity\":\"high\",\"evidence\":[]}")}}],
         "detections":[],"scores":{"unsafe":{{unsafeScore}},"violence":0.01},"input_length":12}
        """);

    /// <summary>A chat completion's trace: an alignment trace whose input event holds the decision and a review id.</summary>
    public static string Alignment(string rule, string category, double unsafeScore, string? reviewId) => string.Create(CultureInfo.InvariantCulture, $$"""
        {"policy":"alignlab-default","final_action":"escalate","interventions":1,"review_id":{{(reviewId is null ? "null" : "\"" + reviewId + "\"")}},
         "events":[{"stage":"input","kind":"decision","action":"escalate","decision":{{Decision(rule, category, unsafeScore)}},
           "detectors":[{"detector":"classifier","unsafe":0.2,"flagged":true,"categories":["self_harm"]}]}]}
        """);

    public static AuditRecord Record(DateTimeOffset at, string trace, string action = "allow", bool flagged = false, int status = 200,
        double latencyMs = 10, string endpoint = "moderations") =>
        new(Guid.NewGuid().ToString("N"), at, "key1", endpoint, "a", "alignlab-default", "v1", action, flagged, status, latencyMs, null, trace);
}
