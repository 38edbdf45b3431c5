namespace AlignLab.Server.Tests.Support;

/// <summary>Small deterministic constitutions for gateway tests (the classifier still runs unless a test turns it off).</summary>
public static class TestPolicies
{
    /// <summary>Blocks "forbidden" (input and output) and "secretword" (streaming/output), checking the stream every 4 tokens.</summary>
    public const string Basic = """
        constitutional_ai:
          name: gateway-test
          pii: {enabled: false}
          stages:
            input: {on_failure: closed}
            streaming: {check_interval: 4, abort_threshold: 0.99, max_interventions: 0}
            output: {on_failure: closed}
          specific_rules:
            - id: forbidden_word
              trigger: "forbidden"
              action: block
              message: "Blocked by the forbidden-word rule."
            - id: secret_word
              trigger: "secretword"
              action: block
              message: "The answer was stopped."
        """;

    /// <summary><see cref="Basic"/> plus a prompt-injection rule, so injected tool results are removed before the model sees them.</summary>
    public const string WithInjectionRule = Basic + """

            - id: injection
              category: prompt_injection
              trigger: "ignore previous instructions|ignore all previous instructions"
              action: block
              message: "Injection."
        """;

    /// <summary>A second policy for A/B and reload tests: also blocks "strict".</summary>
    public const string Strict = """
        constitutional_ai:
          name: gateway-strict
          pii: {enabled: false}
          specific_rules:
            - id: strict_word
              trigger: "forbidden|strict"
              action: block
              message: "Blocked by the strict policy."
        """;
}
