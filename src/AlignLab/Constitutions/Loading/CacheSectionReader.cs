using YamlDotNet.RepresentationModel;

namespace AlignLab.Constitutions.Loading;

/// <summary>cache: the decision cache's size and time to live.</summary>
internal sealed class CacheSectionReader() : SettingsSectionReader<CacheSettings>("cache", Keys, d => d.Cache, (d, v) => d.Cache = v)
{
    internal static readonly string[] Keys = ["enabled", "max_entries", "ttl"];

    protected override CacheSettings Apply(SectionReadContext context, string key, YamlNode value, CacheSettings current)
    {
        var r = context.Reader;
        return key switch
        {
            "enabled" => current with { Enabled = r.Boolean(value, key) ?? current.Enabled },
            "max_entries" => current with { MaxEntries = r.Integer(value, key, 1, 10_000_000) ?? current.MaxEntries },
            _ => current with { TimeToLive = SectionValues.Duration(r, value, key) ?? current.TimeToLive },
        };
    }
}
