using AlignLab.Classification;
using AlignLab.Constitutions;
using AlignLab.Rules;

namespace AlignLab.Tests.Rules;

internal static class EngineFactory
{
    private static readonly Lazy<RuleEngine> LazyDefault = new(() => new RuleEngine(ConstitutionLoader.LoadDefault()));
    private static readonly Lazy<RuleEngine> LazyExample = new(() => new RuleEngine(ConstitutionLoader.LoadFile(Path.Combine(RepoPaths.Examples, "alignment_rules.yaml")).GetOrThrow()));

    private static readonly Lazy<RuleEngine> LazyDefaultGuard =
        new(() => new RuleEngine(ConstitutionLoader.LoadDefault(), classifier: SafetyClassifier.Default));

    public static RuleEngine Default => LazyDefault.Value;

    /// <summary>The default constitution with the embedded classifier: the guard 'alignlab check' and the gateway use.</summary>
    public static RuleEngine DefaultGuard => LazyDefaultGuard.Value;

    public static RuleEngine Example => LazyExample.Value;

    public static RuleEngine FromYaml(string yaml) => new(ConstitutionLoader.LoadText(yaml, "test.yaml").GetOrThrow());

    public static Decision Check(this RuleEngine engine, string text, string? context = null, string? profile = null) =>
        engine.Evaluate(text, PolicyStage.Input, new EvaluationOptions { Context = context, Profile = profile });
}
