using YamlDotNet.RepresentationModel;

namespace AlignLab.Constitutions.Loading;

/// <summary>specific_rules: a list of rules, counted against <see cref="ConstitutionLoadOptions.MaxRules"/> across all files.</summary>
internal sealed class RulesSectionReader() : ListSectionReader<PolicyRule>("specific_rules", d => d.Rules)
{
    protected override bool MayRead(SectionReadContext context, YamlNode item) => context.Patterns.CountRule(context.Reader, item);

    protected override PolicyRule? ReadItem(SectionReadContext context, YamlNode item, int index) =>
        RuleReader.Read(context, item) is { } rule ? rule with { Order = index } : null;
}
