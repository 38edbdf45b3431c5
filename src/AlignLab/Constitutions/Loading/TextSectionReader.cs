using YamlDotNet.RepresentationModel;

namespace AlignLab.Constitutions.Loading;

/// <summary>A section that is a single text (name, version, description); a later file's text replaces an earlier one's.</summary>
internal sealed class TextSectionReader(string key, Action<ConstitutionDraft, string> set) : ISectionReader
{
    public string Key { get; } = key;

    public void Read(SectionReadContext context, YamlNode value)
    {
        if (context.Reader.String(value, Key) is { } text)
        {
            set(context.Draft, text);
        }
    }
}
