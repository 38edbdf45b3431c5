using YamlDotNet.RepresentationModel;

namespace AlignLab.Constitutions.Loading;

/// <summary>context_injection: guidance added to the system prompt when the classifier's score reaches min_score.</summary>
internal sealed class ContextInjectionSectionReader() : SettingsSectionReader<ContextInjectionSettings>(
    "context_injection", Keys, d => d.ContextInjection, (d, v) => d.ContextInjection = v)
{
    internal static readonly string[] Keys = ["enabled", "min_score", "guidance"];

    protected override ContextInjectionSettings Apply(SectionReadContext context, string key, YamlNode value, ContextInjectionSettings current)
    {
        var r = context.Reader;
        return key switch
        {
            "enabled" => current with { Enabled = r.Boolean(value, key) ?? current.Enabled },
            "min_score" => current with { MinScore = r.Probability(value, key) ?? current.MinScore },
            _ => current with { Guidance = r.String(value, key) ?? current.Guidance },
        };
    }
}
