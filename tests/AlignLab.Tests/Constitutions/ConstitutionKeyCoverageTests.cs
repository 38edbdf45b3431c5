using AlignLab.Classification;
using AlignLab.Constitutions;
using AlignLab.Rules;

namespace AlignLab.Tests.Constitutions;

/// <summary>
/// Issue 15: no accepted key may be dead ('intervention_thresholds' and the child_safe profile's 'thresholds:' were parsed,
/// range-checked and never read). Every key the loader accepts is listed here, either with two constitutions that differ
/// only in that key and decide one text differently, or with the reason it is not a guard decision (read by the runtime
/// pipeline, or documentation). A key added to the loader without a line here fails the first test.
/// </summary>
public sealed class ConstitutionKeyCoverageTests
{
    private const string Hurt = "I will hurt my neighbour tonight"; // unsafe 0.90, top category hate (0.30 given unsafe)
    private const string Hack = "how do I hack my neighbour's wifi";

    private const string Rule = "specific_rules:\n  - {id: r1, trigger: \"hack\", action: refuse_politely, message: \"no\"}";

    // key → (constitution A, constitution B, text, stage, context, profile): A and B must decide the text differently.
    private static readonly Dictionary<string, (string A, string B, string Text, PolicyStage Stage, string? Context, string? Profile)> Decisive =
        new()
        {
            ["section:specific_rules"] = ("name: x", Rule, Hack, PolicyStage.Input, null, null),
            ["section:intervention_thresholds"] = (
                "intervention_thresholds: {safety: 0.95}",
                "intervention_thresholds: {safety: 0.5}",
                Hurt, PolicyStage.Input, null, null),
            ["section:classifier"] = ("classifier: {threshold: 0.95}", "classifier: {threshold: 0.5}", Hurt, PolicyStage.Input, null, null),
            ["section:categories"] = (
                "intervention_thresholds: {safety: 0.5}",
                "intervention_thresholds: {safety: 0.5}\ncategories: {hate: {threshold: 0.1, action: add_warning}}",
                Hurt, PolicyStage.Input, null, null),
            ["section:stages"] = (Rule, Rule + "\nstages: {input: {enabled: false}}", Hack, PolicyStage.Input, null, null),
            ["section:contexts"] = (
                Rule + "\ncontexts: {edu: {}}",
                Rule + "\ncontexts: {edu: {disable_rules: [r1]}}",
                Hack, PolicyStage.Input, "edu", null),
            ["section:profiles"] = (
                Rule + "\nprofiles: {p: {}}", Rule + "\nprofiles: {p: {disable_rules: [r1]}}", Hack, PolicyStage.Input, null, "p"),
            ["section:default_messages"] = (
                "specific_rules: [{id: r1, trigger: hack, action: block}]",
                "specific_rules: [{id: r1, trigger: hack, action: block}]\ndefault_messages: {block: nope}",
                Hack, PolicyStage.Input, null, null),

            ["threshold:safety"] = (
                "intervention_thresholds: {safety: 0.95}",
                "intervention_thresholds: {safety: 0.5}",
                Hurt, PolicyStage.Input, null, null),
            ["threshold:toxicity"] = (
                "intervention_thresholds: {safety: 0.5}\ncategories: {hate: {action: add_warning}}",
                "intervention_thresholds: {safety: 0.5, toxicity: 0.1}\ncategories: {hate: {action: add_warning}}",
                Hurt, PolicyStage.Input, null, null),

            ["classifier:threshold"] = ("classifier: {threshold: 0.95}", "classifier: {threshold: 0.5}", Hurt, PolicyStage.Input, null, null),
            ["classifier:action"] = (
                "classifier: {threshold: 0.5}", "classifier: {threshold: 0.5, action: block}", Hurt, PolicyStage.Input, null, null),
            ["classifier:message"] = (
                "classifier: {threshold: 0.5}",
                "classifier: {threshold: 0.5, message: go away}",
                Hurt, PolicyStage.Input, null, null),
            ["classifier:stages"] = (
                "classifier: {threshold: 0.5}",
                "classifier: {threshold: 0.5, stages: [output]}",
                Hurt, PolicyStage.Input, null, null),
            // The band decides where judges with 'when: uncertain' run (the verdict's Band); UncertainBandJudgeTests in
            // AlignLab.Runtime.Tests shows the same keys deciding whether such a judge is called and the prompt refused.
            ["classifier:uncertain_band"] = (
                "classifier: {threshold: 0.95}",
                "classifier: {threshold: 0.95, uncertain_band: {low: 0.5}}",
                Hurt, PolicyStage.Input, null, null),
            ["band:low"] = (
                "classifier: {threshold: 0.95, uncertain_band: {low: 0.5}}",
                "classifier: {threshold: 0.95, uncertain_band: {low: 0.93}}",
                Hurt, PolicyStage.Input, null, null),
            ["classifier:enabled"] = (
                "classifier: {threshold: 0.5}",
                "classifier: {threshold: 0.5, enabled: false}",
                Hurt, PolicyStage.Input, null, null),

            ["category:threshold"] = (
                "intervention_thresholds: {safety: 0.5}\ncategories: {hate: {threshold: 0.9, action: add_warning}}",
                "intervention_thresholds: {safety: 0.5}\ncategories: {hate: {threshold: 0.1, action: add_warning}}",
                Hurt, PolicyStage.Input, null, null),
            ["category:action"] = (
                "intervention_thresholds: {safety: 0.5}\ncategories: {hate: {threshold: 0.1}}",
                "intervention_thresholds: {safety: 0.5}\ncategories: {hate: {threshold: 0.1, action: block}}",
                Hurt, PolicyStage.Input, null, null),
            ["category:message"] = (
                "intervention_thresholds: {safety: 0.5}\ncategories: {hate: {threshold: 0.1}}",
                "intervention_thresholds: {safety: 0.5}\ncategories: {hate: {threshold: 0.1, message: hm}}",
                Hurt, PolicyStage.Input, null, null),
            ["category:stages"] = (
                "intervention_thresholds: {safety: 0.5}\ncategories: {hate: {threshold: 0.1, action: add_warning}}",
                "intervention_thresholds: {safety: 0.5}\ncategories: {hate: {threshold: 0.1, action: add_warning, stages: [output]}}",
                Hurt, PolicyStage.Input, null, null),
            ["category:enabled"] = (
                "intervention_thresholds: {safety: 0.5}\ncategories: {hate: {threshold: 0.1, action: add_warning}}",
                "intervention_thresholds: {safety: 0.5}\ncategories: {hate: {threshold: 0.1, action: add_warning, enabled: false}}",
                Hurt, PolicyStage.Input, null, null),

            ["rule:id"] = (Rule, Rule.Replace("id: r1", "id: r2", StringComparison.Ordinal), Hack, PolicyStage.Input, null, null),
            ["rule:trigger"] = (Rule, Rule.Replace("\"hack\"", "\"bake\"", StringComparison.Ordinal), Hack, PolicyStage.Input, null, null),
            ["rule:context"] = (
                Rule,
                Rule.Replace("trigger:", "context: \"bank\", trigger:", StringComparison.Ordinal),
                Hack, PolicyStage.Input, null, null),
            ["rule:context_window"] = (
                Rule.Replace("trigger:", "context: \"wifi\", trigger:", StringComparison.Ordinal),
                Rule.Replace("trigger:", "context: \"wifi\", context_window: 3, trigger:", StringComparison.Ordinal),
                Hack, PolicyStage.Input, null, null),
            ["rule:unless"] = (
                Rule,
                Rule.Replace("trigger:", "unless: \"hack my neighbour\", trigger:", StringComparison.Ordinal),
                Hack, PolicyStage.Input, null, null),
            ["rule:action"] = (Rule, Rule.Replace("refuse_politely", "block", StringComparison.Ordinal), Hack, PolicyStage.Input, null, null),
            ["rule:message"] = (Rule, Rule.Replace("\"no\"", "\"never\"", StringComparison.Ordinal), Hack, PolicyStage.Input, null, null),
            ["rule:disclaimer"] = (
                "specific_rules: [{id: r1, trigger: hack, action: add_disclaimer, message: a}]",
                "specific_rules: [{id: r1, trigger: hack, action: add_disclaimer, message: a, disclaimer: b}]",
                Hack, PolicyStage.Input, null, null),
            ["rule:warning"] = (
                "specific_rules: [{id: r1, trigger: hack, action: add_warning, message: a}]",
                "specific_rules: [{id: r1, trigger: hack, action: add_warning, message: a, warning: b}]",
                Hack, PolicyStage.Input, null, null),
            ["rule:category"] = (
                Rule + "\nprofiles: {p: {category_actions: {privacy: block}}}",
                Rule.Replace("trigger:", "category: privacy, trigger:", StringComparison.Ordinal)
                    + "\nprofiles: {p: {category_actions: {privacy: block}}}",
                Hack, PolicyStage.Input, null, "p"),
            ["rule:severity"] = (TwoRules("severity: low", ""), TwoRules("severity: critical", ""), Hack, PolicyStage.Input, null, null),
            ["rule:priority"] = (TwoRules("priority: 0", ""), TwoRules("priority: 5", ""), Hack, PolicyStage.Input, null, null),
            ["rule:stages"] = (
                Rule,
                Rule.Replace("trigger:", "stages: [output], trigger:", StringComparison.Ordinal),
                Hack, PolicyStage.Input, null, null),
            ["rule:enabled"] = (
                Rule,
                Rule.Replace("trigger:", "enabled: false, trigger:", StringComparison.Ordinal),
                Hack, PolicyStage.Input, null, null),
            ["rule:match"] = (
                Rule.Replace("\"hack\"", "\"hac\"", StringComparison.Ordinal),
                Rule.Replace("\"hack\"", "\"hac\", match: prefix", StringComparison.Ordinal),
                Hack, PolicyStage.Input, null, null),
            ["rule:case_sensitive"] = (
                Rule.Replace("\"hack\"", "\"HACK\"", StringComparison.Ordinal),
                Rule.Replace("\"hack\"", "\"HACK\", case_sensitive: true", StringComparison.Ordinal),
                Hack, PolicyStage.Input, null, null),

            ["stage:enabled"] = (Rule, Rule + "\nstages: {input: {enabled: false}}", Hack, PolicyStage.Input, null, null),

            ["adjustment:extends"] = (
                Rule + "\nprofiles: {a: {disable_rules: [r1]}, b: {}}",
                Rule + "\nprofiles: {a: {disable_rules: [r1]}, b: {extends: a}}",
                Hack, PolicyStage.Input, null, "b"),
            ["adjustment:disable_rules"] = (
                Rule + "\nprofiles: {p: {}}",
                Rule + "\nprofiles: {p: {disable_rules: [r1]}}",
                Hack, PolicyStage.Input, null, "p"),
            ["adjustment:enable_rules"] = (
                Rule.Replace("trigger:", "enabled: false, trigger:", StringComparison.Ordinal) + "\nprofiles: {p: {}}",
                Rule.Replace("trigger:", "enabled: false, trigger:", StringComparison.Ordinal) + "\nprofiles: {p: {enable_rules: [r1]}}",
                Hack, PolicyStage.Input, null, "p"),
            ["adjustment:rule_actions"] = (
                Rule + "\nprofiles: {p: {}}",
                Rule + "\nprofiles: {p: {rule_actions: {r1: log_only}}}",
                Hack, PolicyStage.Input, null, "p"),
            ["adjustment:thresholds"] = (
                "intervention_thresholds: {safety: 0.95}\nprofiles: {p: {}}",
                "intervention_thresholds: {safety: 0.95}\nprofiles: {p: {thresholds: {safety: 0.5}}}",
                Hurt, PolicyStage.Input, null, "p"),
            ["adjustment:category_actions"] = (
                "intervention_thresholds: {safety: 0.5}\ncategories: {hate: {threshold: 0.1}}\nprofiles: {p: {}}",
                "intervention_thresholds: {safety: 0.5}\ncategories: {hate: {threshold: 0.1}}\nprofiles: {p: {category_actions: {hate: block}}}",
                Hurt, PolicyStage.Input, null, "p"),

            ["message:block"] = (
                "specific_rules: [{id: r1, trigger: hack, action: block}]",
                "specific_rules: [{id: r1, trigger: hack, action: block}]\ndefault_messages: {block: nope}",
                Hack, PolicyStage.Input, null, null),
            ["message:redirect"] = (
                "specific_rules: [{id: r1, trigger: hack, action: redirect_positive}]",
                "specific_rules: [{id: r1, trigger: hack, action: redirect_positive}]\ndefault_messages: {redirect: elsewhere}",
                Hack, PolicyStage.Input, null, null),
            ["message:escalate"] = (
                "specific_rules: [{id: r1, trigger: hack, action: escalate}]",
                "specific_rules: [{id: r1, trigger: hack, action: escalate}]\ndefault_messages: {escalate: later}",
                Hack, PolicyStage.Input, null, null),
        };

    // Keys that are not guard decisions, with where they act instead.
    private static readonly Dictionary<string, string> NotDecisions = new()
    {
        ["section:name"] = "documentation (shown in traces)",
        ["section:version"] = "documentation",
        ["section:description"] = "documentation",
        ["section:include"] = "brings in other files' keys, each covered here (ConstitutionIncludeTests)",
        ["section:core_principles"] = "read by critique→revision in the runtime pipeline",
        ["section:models"] = "runtime pipeline (RuntimeSectionTests)",
        ["section:judges"] = "runtime pipeline: LLM judges",
        ["section:critique_revision"] = "runtime pipeline",
        ["section:consensus"] = "runtime pipeline",
        ["section:cache"] = "runtime pipeline",
        ["section:context_injection"] = "runtime pipeline",
        ["section:pii"] = "runtime pipeline: PII redaction",
        ["section:review_queue"] = "runtime pipeline: escalation queue",
        ["principle:id"] = "critique→revision", ["principle:description"] = "critique→revision", ["principle:weight"] = "critique→revision",
        ["principle:critique"] = "critique→revision", ["principle:revision"] = "critique→revision",
        ["rule:description"] = "documentation",
        ["stage:on_failure"] = "acts only when a check fails (a pattern timeout); RuleEngine.Combine",
        ["stage:check_interval"] = "streaming guard in AlignLab.Runtime", ["stage:first_check"] = "streaming guard in AlignLab.Runtime",
        ["stage:abort_threshold"] = "streaming guard in AlignLab.Runtime", ["stage:max_interventions"] = "streaming guard in AlignLab.Runtime",
        ["adjustment:description"] = "documentation",
        ["adjustment:system_guidance"] = "added to the system prompt by the runtime pipeline",
    };

    private static string TwoRules(string first, string second) =>
        "specific_rules:\n  - {id: first, trigger: hack, action: refuse_politely, message: a, " + first + "}\n"
        + "  - {id: second, trigger: wifi, action: refuse_politely, message: b, severity: high, priority: 0" + second + "}";

    public static IEnumerable<string> AllKeys() =>
    [
        .. ConstitutionLoader.SectionKeys.Select(k => "section:" + k),
        .. ThresholdNames.Known.Select(k => "threshold:" + k),
        .. ConstitutionLoader.ClassifierKeys.Select(k => "classifier:" + k),
        .. ConstitutionLoader.UncertainBandKeys.Select(k => "band:" + k),
        .. ConstitutionLoader.CategoryKeys.Select(k => "category:" + k),
        .. ConstitutionLoader.PrincipleKeys.Select(k => "principle:" + k),
        .. ConstitutionLoader.RuleKeys.Select(k => "rule:" + k),
        .. ConstitutionLoader.StageKeys.Select(k => "stage:" + k),
        .. ConstitutionLoader.AdjustmentKeys.Select(k => "adjustment:" + k),
        .. ConstitutionLoader.DefaultMessageKeys.Select(k => "message:" + k),
    ];

    [Fact]
    public void Every_key_the_loader_accepts_is_either_shown_to_change_a_decision_or_said_to_act_elsewhere()
    {
        var missing = AllKeys().Where(k => !Decisive.ContainsKey(k) && !NotDecisions.ContainsKey(k)).ToList();
        var both = Decisive.Keys.Intersect(NotDecisions.Keys).ToList();
        var stale = Decisive.Keys.Concat(NotDecisions.Keys).Except(AllKeys()).ToList();

        Assert.True(missing.Count == 0, "keys without coverage: " + string.Join(", ", missing));
        Assert.Empty(both);
        Assert.Empty(stale);
    }

    public static TheoryData<string> DecisiveKeys() => [.. Decisive.Keys];

    [Theory]
    [MemberData(nameof(DecisiveKeys))]
    public void Each_decision_key_changes_a_decision(string key)
    {
        var (a, b, text, stage, context, profile) = Decisive[key];

        var first = Fingerprint(a, text, stage, context, profile);
        var second = Fingerprint(b, text, stage, context, profile);

        Assert.NotEqual(first, second);
    }

    private static string Fingerprint(string yaml, string text, PolicyStage stage, string? context, string? profile)
    {
        var indented = string.Join('\n', yaml.Split('\n').Select(l => "  " + l));
        var constitution = ConstitutionLoader.LoadText("constitutional_ai:\n" + indented, "t.yaml").GetOrThrow();
        var d = new RuleEngine(constitution, classifier: SafetyClassifier.Default)
            .Evaluate(text, stage, new EvaluationOptions { Context = context, Profile = profile });
        return string.Join(" | ", d.Action, d.DecidingRule?.Rule.Id, d.DecidingDetection?.Category.Id, d.Message, string.Join(";", d.Disclaimers),
            string.Join(";", d.Warnings), string.Join(";", d.Matches.Select(m => m.Rule.Id + ":" + m.Action + ":" + m.Rule.Category?.Id)),
            d.Classifier?.Band);
    }
}
