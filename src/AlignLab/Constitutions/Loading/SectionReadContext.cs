using AlignLab.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace AlignLab.Constitutions.Loading;

/// <summary>What a section reader reads with: the document's node reader (which collects diagnostics), the draft it adds to,
/// the load options, the pattern budget shared by all files, and the document's own path.</summary>
internal sealed class SectionReadContext(YamlNodeReader reader, ConstitutionDraft draft, ConstitutionLoadOptions options, PatternBudget patterns,
    string fullPath)
{
    public YamlNodeReader Reader { get; } = reader;

    public ConstitutionDraft Draft { get; } = draft;

    public ConstitutionLoadOptions Options { get; } = options;

    public PatternBudget Patterns { get; } = patterns;

    /// <summary>The full path of the document being read; relative paths in it (review_queue.path, llama: files) start from its folder.</summary>
    public string FullPath { get; } = fullPath;

    public DiagnosticBag Diagnostics => Reader.Diagnostics;

    public SourceLocation At(YamlNode node) => Reader.At(node);

    /// <summary>The items of a list; none when <paramref name="value"/> is not a list (which is reported).</summary>
    public IEnumerable<YamlNode> Items(YamlNode value, string what) => Reader.Sequence(value, what)?.Children ?? [];

    /// <summary>
    /// The entries of a mapping whose keys are <paramref name="keys"/> (any, when null); none when <paramref name="value"/> is
    /// not a mapping. Unknown and repeated keys are reported and skipped.
    /// </summary>
    public IEnumerable<(string Key, YamlNode KeyNode, YamlNode Value)> Entries(YamlNode value, string what, IReadOnlyCollection<string>? keys) =>
        Reader.Mapping(value, what) is { } map ? Reader.Entries(map, what, keys) : [];

    /// <summary>A path written in the document, made full against the document's folder (a rooted one is kept).</summary>
    public string ResolvePath(string path)
    {
        var dir = Path.GetDirectoryName(FullPath);
        return Path.IsPathRooted(path) || string.IsNullOrEmpty(dir) ? path : Path.GetFullPath(Path.Combine(dir, path));
    }
}
