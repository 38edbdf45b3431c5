using YamlDotNet.RepresentationModel;

namespace AlignLab.Constitutions.Loading;

/// <summary>A section that is a list of items (principles, rules, judges), each read on its own and added to a list of the draft.</summary>
/// <typeparam name="T">What an item is read into.</typeparam>
internal abstract class ListSectionReader<T>(string key, Func<ConstitutionDraft, List<T>> list) : ISectionReader
    where T : class
{
    public string Key { get; } = key;

    public void Read(SectionReadContext context, YamlNode value)
    {
        var target = list(context.Draft);
        foreach (var item in context.Items(value, Key))
        {
            if (!MayRead(context, item))
            {
                return;
            }

            if (ReadItem(context, item, target.Count) is { } read)
            {
                target.Add(read);
            }
        }
    }

    /// <summary>False when no more items are read (a limit was reached and reported).</summary>
    protected virtual bool MayRead(SectionReadContext context, YamlNode item) => true;

    /// <summary>The item, or null when it has an error (reported); <paramref name="index"/> is its place in the draft's list.</summary>
    protected abstract T? ReadItem(SectionReadContext context, YamlNode item, int index);
}
