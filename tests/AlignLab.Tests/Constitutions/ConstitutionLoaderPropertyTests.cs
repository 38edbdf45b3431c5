using AlignLab.Constitutions;
using AlignLab.Diagnostics;
using AlignLab.Models;
using CsCheck;

namespace AlignLab.Tests.Constitutions;

/// <summary>
/// Whatever text a policy holds, the loader answers with a result: a constitution, or diagnostics that say what is wrong and
/// where. Nothing is thrown for bad input (a policy sent over the API must never become a 500).
/// </summary>
public sealed class ConstitutionLoaderPropertyTests
{
    /// <summary>Small policies that between them use every section and most keys.</summary>
    private static readonly string[] Seeds =
    [
        """
        constitutional_ai:
          name: seed
          core_principles:
            - {id: harmless, description: "Do no harm.", weight: 2}
          specific_rules:
            - {id: hack, trigger: "hack|crack", action: refuse_politely, message: "No.", category: non_violent_crimes, severity: high}
            - {id: lock, trigger: [lock, "pick(s)?"], context: door, context_window: 40, unless: own, action: add_warning, warning: "Careful."}
            - {id: note, trigger: note, match: prefix, case_sensitive: true, action: add_disclaimer, disclaimer: "Note.", stages: [output]}
          intervention_thresholds: {safety: 0.6, toxicity: 0.5}
          classifier: {threshold: 0.7, action: block, message: "Blocked.", stages: [input, output], uncertain_band: {low: 0.2}}
          categories:
            hate: {threshold: 0.4, action: refuse_politely, stages: [input]}
          stages:
            input: {enabled: true, on_failure: closed}
            streaming: {check_interval: 8, first_check: 2, abort_threshold: 0.8, max_interventions: 2, on_failure: open}
          contexts:
            pentest: {disable_rules: [hack], rule_actions: {lock: log_only}, thresholds: {safety: 0.8, hate: 0.9}}
          profiles:
            strict: {extends: base, category_actions: {hate: block}, system_guidance: "Be careful."}
            base: {description: "Base.", enable_rules: [note]}
          default_messages: {block: "Blocked.", redirect: "Try else.", escalate: "Escalated."}
        """,
        """
        models:
          guard: "ollama:llama-guard3;timeout=10s;retries=1"
          critic: {provider: openai, model: gpt-4o-mini, endpoint: "https://example.test/v1", api_key_env: MY_KEY, temperature: 0.2}
        judges:
          - {id: j1, model: guard, template: llama_guard, stages: [output], threshold: 0.6, timeout: 5s, when: uncertain}
          - {id: j2, model: critic, template: custom, prompt: "Is {response} safe?", stages: []}
        classifier: {uncertain_band: {low: 0.3}}
        critique_revision: {critic: critic, reviser: critic, max_rounds: 2, principles_per_round: 1, min_improvement: 1.5, seed: 7, timeout: 20s}
        consensus:
          validators:
            - {id: classifier, detector: classifier, weight: 1, veto_power: [hate, "*"]}
            - {id: j2, weight: 2, role: quality}
          approval_threshold: 0.6
          on_validator_failure: abstain
          stages: [output]
        cache: {enabled: true, max_entries: 100, ttl: 2m}
        context_injection: {enabled: true, min_score: 0.4, guidance: "Careful."}
        pii: {kinds: [email, phone], stages: [output]}
        review_queue: {path: reviews.db}
        specific_rules:
          - {id: a, trigger: "alpha", action: block, message: "No."}
        """,
        """
        include: [base.yaml]
        constitutional_ai:
          include: other.yaml
          specific_rules:
            - {id: r, trigger: "(x|y)+z", match: substring, action: log_only, priority: 5, enabled: false}
        """,
    ];

    /// <summary>Words that are close to, or just off, what the keys take.</summary>
    private static readonly string[] Tokens =
    [
        "blok", "block", "refuse_politley", "[]", "{}", "~", "1.5", "-1", "0.3", "inputt", "[input, streaming]", "hate", "hat", "uncertain",
        "custom", "clsoed", "prefx", "hig", "\"\"", "30s", "-5s", "yes", "maybe", "0", "100000000", "guard", "j1", "rules", "*", "emial",
        "\"(a|b\"", "\"[z-a]\"", "openai:", "foo:bar", "llama:m.gguf", "{provider: opnai, model: x}", "{provider: openai}", "\"a;b\"",
        "{id: x", "[a, b", "&a x", "*a", "!!binary x", "'", "|", ">-",
    ];

    private static readonly string[] Keys =
    [
        "id", "trigger", "action", "message", "stages", "extends", "model", "when", "threshold", "low", "detector", "veto_power", "kinds",
        "critic", "disable_rules", "rule_actions", "category_actions", "thresholds", "safety", "toxicity", "bias", "severity", "match",
        "context", "unless", "on_failure", "template", "weight", "uncertain_band", "provider", "include", "constitutional_ai",
    ];

    private static readonly ConstitutionLoadOptions Api = ConstitutionLoadOptions.Default with
    {
        Includes = IncludeMode.None,
        AllowedModels = [ModelSpec.Parse("ollama:llama-guard3"), ModelSpec.Parse("openai:gpt-4o-mini")],
        MaxRules = 3,
    };

    private static readonly ConstitutionLoadOptions NoIncludes = ConstitutionLoadOptions.Default with { Includes = IncludeMode.None };

    /// <summary>A seed with one to four edits: a line deleted, repeated, moved, given another value or key, or a key added.</summary>
    private static readonly Gen<string> Mutated =
        Gen.Select(Gen.Int[0, Seeds.Length - 1], Gen.Select(Gen.Int[0, 5], Gen.Int[0, 999], Gen.Int[0, 999]).Array[1, 4])
            .Select((seed, edits) => Mutate(Seeds[seed], edits));

    /// <summary>Short text of the characters YAML gives meaning to.</summary>
    private static readonly Gen<string> YamlNoise = Gen.Char["{}[]:,- \n\"'#&*!|>?%@`ab1"].Array[0, 80].Select(c => new string(c));

    [Fact]
    public void An_unclosed_flow_mapping_before_the_next_list_item_is_a_syntax_error_not_an_InvalidOperationException()
    {
        // Found by the mutation property below: YamlDotNet's scanner threw InvalidOperationException ("Operation is not valid
        // due to the current state of the object") for a '{' left open before the next '- ', and the loader let it through.
        var result = ConstitutionLoader.LoadText("specific_rules:\n  - {id: a\n  - {id: b\n", "p.yaml");

        var error = Assert.Single(result.Diagnostics);
        Assert.Null(result.Constitution);
        Assert.Equal(DiagnosticCodes.YamlSyntax, error.Code);
        Assert.Contains("left open", error.Message, StringComparison.Ordinal);
        Assert.True(error.Location.Line >= 2, error.ToString());
    }

    [Fact]
    public void A_stray_closing_brace_is_a_syntax_error_not_an_ArgumentException()
    {
        // Found by the punctuation property below: YamlDotNet's representation model threw ArgumentException ("The current event
        // is of an unsupported type") for " : b*@}", and the loader let it through.
        var result = ConstitutionLoader.LoadText(" : b*@}", "p.yaml");

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.YamlSyntax, error.Code);
        Assert.Equal("YAML syntax error: the YAML cannot be read here; is there a '}' without its '{'?", error.Message);
        Assert.True(error.Location.Line >= 1, error.ToString());
    }

    [Fact]
    public void A_tag_that_is_not_a_URI_is_a_syntax_error_not_an_ArgumentException()
    {
        // Found by the punctuation property below: YamlDotNet's parser threw ArgumentException ("Global tags must be valid URIs")
        // for "!!1&![?", and the loader let it through.
        var result = ConstitutionLoader.LoadText("!!1&![?", "p.yaml");

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.YamlSyntax, error.Code);
        Assert.Equal("YAML syntax error: the YAML cannot be read past this point: Global tags must be valid URIs.", error.Message);
    }

    [Fact]
    public void The_seeds_load_or_fail_only_on_what_the_options_forbid()
    {
        Assert.True(ConstitutionLoader.LoadText(Seeds[0], "s.yaml").Success);
        Assert.True(ConstitutionLoader.LoadText(Seeds[1], "s.yaml").Success);
        Assert.All(ConstitutionLoader.LoadText(Seeds[2], "s.yaml", null, Api).Errors, e => Assert.Equal(DiagnosticCodes.IncludeNotAllowed, e.Code));
    }

    [Fact]
    public void A_mutated_policy_loads_or_is_reported_never_thrown() =>
        Mutated.Sample(yaml => Answers(ConstitutionLoader.LoadText(yaml, "m.yaml", null, NoIncludes)), iter: 400);

    [Fact]
    public void A_mutated_policy_sent_over_the_API_loads_or_is_reported_never_thrown() =>
        Mutated.Sample(yaml => Answers(ConstitutionLoader.LoadText(yaml, "m.yaml", null, Api)), iter: 400);

    [Fact]
    public void Random_YAML_punctuation_loads_or_is_reported_never_thrown() =>
        YamlNoise.Sample(text => Answers(ConstitutionLoader.LoadText(text, "n.yaml", null, Api)), iter: 2_000);

    [Theory]
    [InlineData("8c0vDaG1QK-1")] // a rule line cut to "- {id: openai:" before the next rule: InvalidOperationException before the fix
    public void The_mutation_that_found_the_unclosed_flow_mapping_is_reported(string seed) =>
        Mutated.Sample(yaml => Answers(ConstitutionLoader.LoadText(yaml, "m.yaml", null, NoIncludes)), iter: 1, seed: seed);

    [Theory]
    [InlineData("9t0bNok3Keh1")] // random punctuation with a '{' left open: InvalidOperationException before the fix
    [InlineData("cF1WPW7hB4S2")] // " : b*@}": ArgumentException before the fix
    [InlineData("c6x4UAwcVwG1")] // "!!1&![?": ArgumentException before the fix
    public void The_punctuation_that_found_a_parser_exception_is_reported(string seed) =>
        YamlNoise.Sample(text => Answers(ConstitutionLoader.LoadText(text, "n.yaml", null, Api)), iter: 1, seed: seed);

    /// <summary>A constitution exactly when there is no error, and every diagnostic names a code and the file.</summary>
    private static bool Answers(ConstitutionLoadResult result) =>
        result.Success == !result.Diagnostics.Any(d => d.IsError)
        && result.Diagnostics.All(d => d.Code.StartsWith("AL1", StringComparison.Ordinal) && d.Location.File.Length > 0);

    private static string Mutate(string seed, (int Op, int A, int B)[] edits)
    {
        var lines = seed.Split('\n').ToList();
        foreach (var (op, a, b) in edits)
        {
            if (lines.Count == 0)
            {
                break;
            }

            var i = a % lines.Count;
            var line = lines[i];
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var indent = line[..(line.Length - line.TrimStart().Length)];
            switch (op)
            {
                case 0: lines.RemoveAt(i); break;
                case 1: lines.Insert(i, line); break;
                case 2: (lines[i], lines[b % lines.Count]) = (lines[b % lines.Count], line); break;
                case 3 when colon > 0: lines[i] = line[..colon] + ": " + Tokens[b % Tokens.Length]; break;
                case 4 when colon > 0: lines[i] = indent + Keys[b % Keys.Length] + line[colon..]; break;
                default: lines.Insert(i + 1, indent + Keys[b % Keys.Length] + ": " + Tokens[a % Tokens.Length]); break;
            }
        }

        return string.Join('\n', lines);
    }
}
