using YamlDotNet.RepresentationModel;

namespace AlignLab.Constitutions.Loading;

/// <summary>
/// A section that is a mapping of settings read into one record of the draft: each key is applied in the order written to the
/// record an earlier file left (or the default), so an including file overrides what it includes key by key.
/// </summary>
/// <typeparam name="T">The settings record.</typeparam>
internal abstract class SettingsSectionReader<T>(string key, IReadOnlyCollection<string> keys, Func<ConstitutionDraft, T> get,
    Action<ConstitutionDraft, T> set) : ISectionReader
{
    public string Key { get; } = key;

    public void Read(SectionReadContext context, YamlNode value)
    {
        var r = context.Reader;
        var map = r.Mapping(value, Key);
        if (map is null)
        {
            return;
        }

        var settings = Start(context, value, get(context.Draft));
        foreach (var (k, _, v) in r.Entries(map, Key, keys))
        {
            settings = Apply(context, k, v, settings);
        }

        Finish(context, value, settings);
        set(context.Draft, settings);
    }

    /// <summary>The record before the keys are applied: by default what the draft holds.</summary>
    protected virtual T Start(SectionReadContext context, YamlNode value, T current) => current;

    /// <summary>The record with one key applied; a value that does not read leaves it as it was (the problem is reported).</summary>
    protected abstract T Apply(SectionReadContext context, string key, YamlNode value, T current);

    /// <summary>Checks the settings as a whole once every key is applied.</summary>
    protected virtual void Finish(SectionReadContext context, YamlNode value, T settings)
    {
    }
}
