using System.Collections.Immutable;
using YamlDotNet.RepresentationModel;

namespace AlignLab.Constitutions.Loading;

/// <summary>pii: which kinds of personal data are redacted, and on which stages.</summary>
internal sealed class PiiSectionReader() : SettingsSectionReader<PiiSettings>("pii", Keys, d => d.Pii, (d, v) => d.Pii = v)
{
    internal static readonly string[] Keys = ["enabled", "kinds", "stages"];

    protected override PiiSettings Apply(SectionReadContext context, string key, YamlNode value, PiiSettings current)
    {
        var r = context.Reader;
        return key switch
        {
            "enabled" => current with { Enabled = r.Boolean(value, key) ?? current.Enabled },
            "kinds" => current with { Kinds = NamedValues.PiiKinds.ReadList(r, value, key) },
            _ => current with { Stages = SectionValues.Stages(r, value) ?? current.Stages },
        };
    }
}
