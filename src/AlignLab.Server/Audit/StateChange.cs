namespace AlignLab.Server.Audit;

/// <summary>
/// What an audit record of a state change (not a content decision) keeps in its trace: what changed, and the
/// version before and after. Written by <see cref="StateChangeAudit"/>.
/// </summary>
/// <param name="Event">What happened: <c>policy_reload</c>, <c>review_decision</c> or <c>preference_added</c>.</param>
/// <param name="Result"><c>applied</c> or <c>rejected</c>.</param>
/// <param name="Target">What it applied to: the arm, the review item or the preference pair.</param>
/// <param name="BeforeVersion">The policy version before a reload (null for other events).</param>
/// <param name="AfterVersion">The policy version serving afterwards (null for other events).</param>
/// <param name="Detail">A short description: the source of a reload and whether it was persisted, the verdict, the reason for a refusal.</param>
public sealed record StateChange(string Event, string Result, string Target, string? BeforeVersion, string? AfterVersion, string? Detail);
