using AlignLab.Constitutions;
using AlignLab.Diagnostics;
using Microsoft.Extensions.Configuration;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AlignLab.Server.Hosting.Configuration;

/// <summary>
/// A gateway YAML file flattened into configuration keys (<c>audit:sqlite</c>, <c>api_keys:0:name</c>), read with the
/// bounded YAML reader: the file is at most <see cref="MaxFileBytes"/>, nested at most 64 levels, and expands (through
/// aliases) to at most <see cref="MaxValues"/> values. Nothing is thrown: problems (an unreadable file, a syntax error, a
/// limit, a duplicate or non-scalar key) become <see cref="Diagnostics"/> with file:line:column, and the keys read so far
/// are kept. Each key remembers where its value and its name are, so the binder can place its own errors.
/// </summary>
internal sealed class GatewayYamlConfigurationProvider(string path) : ConfigurationProvider
{
    /// <summary>Largest file read.</summary>
    public const long MaxFileBytes = 4 * 1024 * 1024;

    /// <summary>Most values (scalars, lists and mappings) one file may expand to.</summary>
    public const int MaxValues = 100_000;

    private readonly Dictionary<string, SourceLocation> _valueAt = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, SourceLocation> _keyAt = new(StringComparer.OrdinalIgnoreCase);
    private readonly DiagnosticBag _diagnostics = new();
    private int _values;

    /// <summary>The file, as given.</summary>
    public string Path { get; } = path;

    /// <summary>The folder relative paths in the file are resolved against.</summary>
    public string Directory { get; } = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? ".";

    /// <summary>Where the file's root mapping starts (whole-file problems are reported there).</summary>
    public SourceLocation Start { get; private set; }

    /// <summary>What reading the file found wrong.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics.Sorted();

    /// <summary>Where the value of <paramref name="key"/> starts.</summary>
    public SourceLocation? ValueAt(string key) => _valueAt.TryGetValue(key, out var at) ? at : null;

    /// <summary>Where the name of <paramref name="key"/> (a mapping key) is.</summary>
    public SourceLocation? KeyAt(string key) => _keyAt.TryGetValue(key, out var at) ? at : null;

    public override void Load()
    {
        Data.Clear();
        Start = new SourceLocation(Path, 1, 1);
        string text;
        try
        {
            var length = new FileInfo(Path).Length;
            if (length > MaxFileBytes)
            {
                _diagnostics.Error(DiagnosticCodes.InputTooLarge,
                    $"the file is {length:N0} bytes, more than the {MaxFileBytes:N0} a gateway file may have",
                    SourceLocation.FileOnly(Path));
                return;
            }

            text = File.ReadAllText(Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _diagnostics.Error(DiagnosticCodes.FileNotFound, $"cannot read {Path}: {ex.Message}", SourceLocation.FileOnly(Path));
            return;
        }

        YamlNode root;
        try
        {
            var stream = BoundedYaml.Load(text, BoundedYaml.DefaultMaxDepth);
            if (stream.Documents.Count == 0)
            {
                _diagnostics.Error(DiagnosticCodes.MissingRequired, "the file is empty", Start);
                return;
            }

            root = stream.Documents[0].RootNode;
        }
        catch (YamlException ex)
        {
            _diagnostics.Error(DiagnosticCodes.YamlSyntax, "YAML syntax error: " + (ex.InnerException?.Message ?? ex.Message),
                new SourceLocation(Path, (int)ex.Start.Line, (int)ex.Start.Column));
            return;
        }

        Start = At(root);
        if (root is not YamlMappingNode map)
        {
            _diagnostics.Error(DiagnosticCodes.WrongType, $"the gateway file must be a mapping (key: value pairs), found {Describe(root)}", At(root));
            return;
        }

        Flatten(map, prefix: null);
    }

    /// <summary>Adds a mapping's entries under <paramref name="prefix"/>; false once the value limit is reached.</summary>
    private bool Flatten(YamlMappingNode mapping, string? prefix)
    {
        var seen = new Dictionary<string, YamlNode>(StringComparer.OrdinalIgnoreCase);
        foreach (var (keyNode, value) in mapping.Children)
        {
            var what = prefix is null ? "the gateway file" : prefix.Replace(':', '.');
            if (keyNode is not YamlScalarNode { Value: { Length: > 0 } key } || key.Contains(':', StringComparison.Ordinal))
            {
                _diagnostics.Error(DiagnosticCodes.WrongType, $"keys in {what} must be plain names", At(keyNode));
                continue;
            }

            if (seen.TryGetValue(key, out var first))
            {
                _diagnostics.Error(DiagnosticCodes.DuplicateId,
                    $"key '{key}' appears twice in {what} (first at line {first.Start.Line})", At(keyNode),
                    "remove one of them");
                continue;
            }

            seen[key] = keyNode;
            var path = prefix is null ? key : prefix + ":" + key;
            _keyAt[path] = At(keyNode);
            if (!Add(path, value))
            {
                return false;
            }
        }

        return true;
    }

    private bool Add(string path, YamlNode node)
    {
        if (++_values > MaxValues)
        {
            _diagnostics.Error(DiagnosticCodes.InputTooLarge,
                $"the file expands to more than {MaxValues:N0} values (are anchors and aliases nested?)", At(node));
            return false;
        }

        _valueAt[path] = At(node);
        switch (node)
        {
            case YamlMappingNode m:
                Data[path] = null;
                return Flatten(m, path);
            case YamlSequenceNode s:
                Data[path] = null;
                for (var i = 0; i < s.Children.Count; i++)
                {
                    if (!Add(path + ":" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), s.Children[i]))
                    {
                        return false;
                    }
                }

                return true;
            default:
                Data[path] = YamlNodeReader.IsNull(node) ? null : ((YamlScalarNode)node).Value ?? string.Empty;
                return true;
        }
    }

    private SourceLocation At(YamlNode node) => new(Path, (int)node.Start.Line, (int)node.Start.Column);

    private static string Describe(YamlNode node) => node switch
    {
        YamlSequenceNode => "a list",
        YamlScalarNode s => $"'{YamlNodeReader.Shorten(s.Value ?? string.Empty)}'",
        _ => node.NodeType.ToString(),
    };
}
