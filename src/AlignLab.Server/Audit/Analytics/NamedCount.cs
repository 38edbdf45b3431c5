namespace AlignLab.Server.Audit.Analytics;

/// <summary>How many records named a rule, a category, an action or an endpoint.</summary>
/// <param name="Name">The rule id, category, action or endpoint.</param>
/// <param name="Count">Records.</param>
public sealed record NamedCount(string Name, long Count);
