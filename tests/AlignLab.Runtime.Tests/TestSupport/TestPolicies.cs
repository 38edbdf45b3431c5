using AlignLab.Constitutions;

namespace AlignLab.Runtime.Tests.TestSupport;

internal static class TestPolicies
{
    public static Constitution Load(string yaml)
    {
        var result = ConstitutionLoader.LoadText(yaml, "test.yaml");
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return result.Constitution!;
    }

    /// <summary>A small deterministic policy (no classifier needed) with a streaming interval of 4 tokens; built-in PII redaction is off (tests that need redaction pass a redactor).</summary>
    public static Constitution Basic(int checkInterval = 4, int maxInterventions = 0, string extra = "") => Load($$"""
        constitutional_ai:
          name: test
          pii: {enabled: false}
          stages:
            input: {on_failure: closed}
            streaming: {check_interval: {{checkInterval}}, abort_threshold: 0.99, max_interventions: {{maxInterventions}}}
            output: {on_failure: closed}
          specific_rules:
            - id: forbidden_word
              trigger: "forbidden"
              action: block
              message: "Blocked by the forbidden-word rule."
            - id: medication
              trigger: "medication"
              action: add_disclaimer
              disclaimer: "This is not medical advice."
            - id: injection
              category: prompt_injection
              trigger: "ignore previous instructions|ignore all previous instructions"
              action: block
              message: "Injection."
        {{extra}}
        """);
}
