namespace AlignLab.Server.Tests.Dashboard;

/// <summary>Constitutions for the dashboard tests.</summary>
public static class DashboardPolicies
{
    /// <summary>The gateway test policy plus two principles (for critique→revision, which this policy does not enable).</summary>
    public const string WithPrinciples = """
        constitutional_ai:
          name: dashboard-test
          pii: {enabled: false}
          core_principles:
            - {id: harmless, description: Do not help anyone cause harm., critique: Find harmful detail., revision: Remove harmful detail.}
            - {id: respectful, description: Be polite and respectful to the user., critique: Find rude wording., revision: Make it polite.}
          critique_revision: {enabled: false, max_rounds: 3, principles_per_round: 2, seed: 7}
          specific_rules:
            - id: forbidden_word
              trigger: "forbidden"
              action: block
              message: "Blocked by the forbidden-word rule."
            - id: no_weapons
              trigger: "pipe bomb|explosive device"
              action: refuse_politely
              message: "I can't help with building weapons."
            - id: forbidden_topic
              trigger: "forbidden|secret"
              action: add_warning
              message: "Careful."
        """;
}
