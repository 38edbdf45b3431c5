using System.Globalization;
using AlignLab.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace AlignLab.Constitutions;

/// <summary>Typed, position-aware access to YAML nodes that reports problems instead of throwing.</summary>
internal sealed class YamlNodeReader(string file, DiagnosticBag diagnostics)
{
    public const int MaxNodes = 200_000;
    private int _visited;

    public string File { get; } = file;
    public DiagnosticBag Diagnostics { get; } = diagnostics;

    public bool Exhausted { get; private set; }

    public SourceLocation At(YamlNode node) => new(File, (int)node.Start.Line, (int)node.Start.Column);

    /// <summary>Counts visited nodes so that alias expansion ("billion laughs") cannot blow up.</summary>
    public bool Visit(YamlNode node)
    {
        if (++_visited <= MaxNodes)
        {
            return true;
        }

        if (!Exhausted)
        {
            // What the callers report from here on (an empty trigger, a missing id) only says that the reader stopped.
            Exhausted = true;
            Diagnostics.ErrorAndStop(DiagnosticCodes.InputTooLarge,
                $"the document expands to more than {MaxNodes:N0} nodes (are anchors and aliases nested?)", At(node));
        }

        return false;
    }

    public YamlMappingNode? Mapping(YamlNode node, string what)
    {
        if (!Visit(node))
        {
            return null;
        }

        if (node is YamlMappingNode m)
        {
            return m;
        }

        if (IsNull(node))
        {
            return new YamlMappingNode();
        }

        Diagnostics.Error(DiagnosticCodes.WrongType, $"{what} must be a mapping (key: value pairs), found {Describe(node)}", At(node));
        return null;
    }

    public YamlSequenceNode? Sequence(YamlNode node, string what)
    {
        if (!Visit(node))
        {
            return null;
        }

        if (node is YamlSequenceNode s)
        {
            return s;
        }

        if (IsNull(node))
        {
            return new YamlSequenceNode();
        }

        Diagnostics.Error(DiagnosticCodes.WrongType, $"{what} must be a list, found {Describe(node)}", At(node), "write each item on its own line starting with '- '");
        return null;
    }

    public string? String(YamlNode node, string what)
    {
        if (!Visit(node))
        {
            return null;
        }

        if (IsNull(node))
        {
            return null; // "~", "null" or nothing: treated as absent
        }

        if (node is YamlScalarNode s)
        {
            return s.Value ?? string.Empty;
        }

        Diagnostics.Error(DiagnosticCodes.WrongType, $"{what} must be a single value, found {Describe(node)}", At(node), "quote text that contains ':' or starts with '[' or '{'");
        return null;
    }

    public double? Number(YamlNode node, string what)
    {
        var text = String(node, what);
        if (text is null)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }

        Diagnostics.Error(DiagnosticCodes.WrongType, $"{what} must be a number, found '{Shorten(text)}'", At(node));
        return null;
    }

    public double? Probability(YamlNode node, string what)
    {
        var value = Number(node, what);
        if (value is null)
        {
            return null;
        }

        if (value is < 0 or > 1)
        {
            Diagnostics.Error(DiagnosticCodes.ThresholdOutOfRange, $"{what} is {value.Value.ToString(CultureInfo.InvariantCulture)}, outside 0–1", At(node), "thresholds are probabilities: use a value from 0.0 to 1.0");
            return null;
        }

        return value;
    }

    public int? Integer(YamlNode node, string what, int min, int max)
    {
        var text = String(node, what);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            Diagnostics.Error(DiagnosticCodes.WrongType, $"{what} must be a whole number, found '{Shorten(text)}'", At(node));
            return null;
        }

        if (value < min || value > max)
        {
            Diagnostics.Error(DiagnosticCodes.InvalidValue, $"{what} is {value}, outside {min}–{max}", At(node));
            return null;
        }

        return value;
    }

    public bool? Boolean(YamlNode node, string what)
    {
        var text = String(node, what);
        if (text is null)
        {
            return null;
        }

        switch (text.Trim().ToLowerInvariant())
        {
            case "true" or "yes" or "on":
                return true;
            case "false" or "no" or "off":
                return false;
            default:
                Diagnostics.Error(DiagnosticCodes.WrongType, $"{what} must be true or false, found '{Shorten(text)}'", At(node));
                return null;
        }
    }

    /// <summary>A list of strings; a single scalar is accepted as a one-item list.</summary>
    public List<(string Value, YamlNode Node)> StringList(YamlNode node, string what)
    {
        var result = new List<(string, YamlNode)>();
        if (node is YamlScalarNode scalar && !IsNull(node))
        {
            if (Visit(node))
            {
                result.Add((scalar.Value ?? string.Empty, node));
            }

            return result;
        }

        var seq = Sequence(node, what);
        if (seq is null)
        {
            return result;
        }

        foreach (var item in seq.Children)
        {
            var s = String(item, what + " item");
            if (s is not null)
            {
                result.Add((s, item));
            }
        }

        return result;
    }

    /// <summary>Iterates a mapping's entries, reporting keys that are not in <paramref name="allowed"/> with a suggestion.</summary>
    public IEnumerable<(string Key, YamlNode KeyNode, YamlNode Value)> Entries(YamlMappingNode mapping, string what, IReadOnlyCollection<string>? allowed)
    {
        var seen = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Children)
        {
            if (!Visit(keyNode))
            {
                yield break;
            }

            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                Diagnostics.Error(DiagnosticCodes.WrongType, $"keys in {what} must be plain names", At(keyNode));
                continue;
            }

            if (seen.TryGetValue(key, out var first))
            {
                Diagnostics.Error(DiagnosticCodes.DuplicateId, $"key '{key}' appears twice in {what} (first at line {first.Start.Line})", At(keyNode), "remove one of them");
                continue;
            }

            seen[key] = keyNode;
            if (allowed is not null && !allowed.Contains(key))
            {
                Diagnostics.Error(DiagnosticCodes.UnknownKey, $"unknown key '{key}' in {what}", At(keyNode), Suggestions.Hint(key, allowed));
                continue;
            }

            yield return (key, keyNode, value);
        }
    }

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } s && (s.Value is null || s.Value is "" or "~" or "null" or "Null" or "NULL");

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s => $"'{Shorten(s.Value ?? string.Empty)}'",
        _ => node.NodeType.ToString(),
    };

    internal static string Shorten(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 37), "...");
}
