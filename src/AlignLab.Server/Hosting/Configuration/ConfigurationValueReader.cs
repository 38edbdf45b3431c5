using System.Globalization;
using AlignLab.Constitutions;
using AlignLab.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace AlignLab.Server.Hosting.Configuration;

/// <summary>
/// Typed access to configuration sections that reports problems instead of throwing, with the messages the YAML node
/// reader gives, placed where the value came from: file:line:column for the gateway file, the variable's name for an
/// <c>ALIGNLAB__…</c> environment variable.
/// </summary>
internal sealed class ConfigurationValueReader(IConfigurationRoot root, DiagnosticBag diagnostics)
{
    private enum Shape
    {
        Absent,
        Scalar,
        List,
        Mapping,
    }

    /// <summary>Longest value read (a path, URL or connection string is far shorter).</summary>
    public const int MaxValueChars = 65_536;

    public DiagnosticBag Diagnostics { get; } = diagnostics;

    /// <summary>The environment variable that sets <paramref name="path"/>.</summary>
    public static string VariableFor(string path) =>
        GatewayConfiguration.EnvironmentPrefix + path.Replace(":", "__", StringComparison.Ordinal).ToUpperInvariant();

    /// <summary>Where the value of <paramref name="section"/> was set.</summary>
    public SourceLocation At(IConfigurationSection section) => Locate(section, keyName: false);

    /// <summary>Where the name of <paramref name="section"/> was written.</summary>
    public SourceLocation KeyAt(IConfigurationSection section) => Locate(section, keyName: true);

    /// <summary>Resolves a path relative to the folder of the file that set it (the current folder for a variable).</summary>
    public string Resolve(IConfigurationSection section, string path)
    {
        if (System.IO.Path.IsPathRooted(path))
        {
            return path;
        }

        var folder = Winner(section) is GatewayYamlConfigurationProvider file ? file.Directory : System.IO.Directory.GetCurrentDirectory();
        return System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, path));
    }

    public bool Mapping(IConfigurationSection section, string what)
    {
        switch (ShapeOf(section))
        {
            case Shape.Mapping:
                return true;
            case Shape.Absent:
                return false;
            default:
                Diagnostics.Error(DiagnosticCodes.WrongType, $"{what} must be a mapping (key: value pairs), found {Describe(section)}", At(section));
                return false;
        }
    }

    public IReadOnlyList<IConfigurationSection> Sequence(IConfigurationSection section, string what)
    {
        switch (ShapeOf(section))
        {
            case Shape.List:
                return [.. section.GetChildren().OrderBy(c => int.Parse(c.Key, CultureInfo.InvariantCulture))];
            case Shape.Absent:
                return [];
            default:
                Diagnostics.Error(DiagnosticCodes.WrongType, $"{what} must be a list, found {Describe(section)}", At(section),
                    "write each item on its own line starting with '- '");
                return [];
        }
    }

    public string? String(IConfigurationSection section, string what)
    {
        switch (ShapeOf(section))
        {
            case Shape.Scalar:
                return Text(section, what, section.Value!);
            case Shape.Absent:
                return null;
            default:
                Diagnostics.Error(DiagnosticCodes.WrongType, $"{what} must be a single value, found {Describe(section)}", At(section),
                    "quote text that contains ':' or starts with '[' or '{'");
                return null;
        }
    }

    public double? Number(IConfigurationSection section, string what)
    {
        if (String(section, what) is not { } text)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }

        Diagnostics.Error(DiagnosticCodes.WrongType, $"{what} must be a number, found '{YamlNodeReader.Shorten(text)}'", At(section));
        return null;
    }

    public double? Probability(IConfigurationSection section, string what)
    {
        if (Number(section, what) is not { } value)
        {
            return null;
        }

        if (value is < 0 or > 1)
        {
            Diagnostics.Error(DiagnosticCodes.ThresholdOutOfRange,
                $"{what} is {value.ToString(CultureInfo.InvariantCulture)}, outside 0–1", At(section),
                "thresholds are probabilities: use a value from 0.0 to 1.0");
            return null;
        }

        return value;
    }

    public int? Integer(IConfigurationSection section, string what, int min, int max)
    {
        if (String(section, what) is not { } text)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            Diagnostics.Error(DiagnosticCodes.WrongType, $"{what} must be a whole number, found '{YamlNodeReader.Shorten(text)}'", At(section));
            return null;
        }

        if (value < min || value > max)
        {
            Diagnostics.Error(DiagnosticCodes.InvalidValue, $"{what} is {value}, outside {min}–{max}", At(section));
            return null;
        }

        return value;
    }

    public bool? Boolean(IConfigurationSection section, string what)
    {
        if (String(section, what) is not { } text)
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
                Diagnostics.Error(DiagnosticCodes.WrongType, $"{what} must be true or false, found '{YamlNodeReader.Shorten(text)}'", At(section));
                return null;
        }
    }

    /// <summary>
    /// A value as text, or null (reported) when it cannot be one line of Unicode text: longer than
    /// <see cref="MaxValueChars"/>, holding a control character (a line break, tab or NUL: an environment variable can carry
    /// them, and number parsing would ignore a trailing NUL), or holding half of a surrogate pair.
    /// </summary>
    private string? Text(IConfigurationSection section, string what, string value)
    {
        if (value.Length > MaxValueChars)
        {
            Diagnostics.Error(DiagnosticCodes.InputTooLarge,
                $"{what} is {value.Length:N0} characters long; at most {MaxValueChars:N0} are read", At(section));
            return null;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsControl(c) || char.IsSurrogate(c))
            {
                var kind = char.IsControl(c) ? "a control character" : "an unpaired surrogate";
                Diagnostics.Error(DiagnosticCodes.InvalidEncoding,
                    $"{what} holds {kind} (U+{(int)c:X4}) at character {i + 1}", At(section),
                    "a configuration value is one line of text: remove line breaks, tabs and NUL characters");
                return null;
            }
        }

        return value;
    }

    /// <summary>A list of strings; a single value is accepted as a one-item list.</summary>
    public List<(string Value, IConfigurationSection Section)> StringList(IConfigurationSection section, string what)
    {
        if (ShapeOf(section) == Shape.Scalar)
        {
            return String(section, what) is { } single ? [(single, section)] : [];
        }

        var result = new List<(string, IConfigurationSection)>();
        foreach (var item in Sequence(section, what))
        {
            if (String(item, what + " item") is { } s)
            {
                result.Add((s, item));
            }
        }

        return result;
    }

    /// <summary>A mapping's entries, reporting (with a suggestion) names that are not in <paramref name="allowed"/>.</summary>
    public IEnumerable<(string Key, IConfigurationSection Value)> Entries(IConfiguration mapping, string what, IReadOnlyCollection<string> allowed)
    {
        foreach (var child in mapping.GetChildren())
        {
            var key = allowed.FirstOrDefault(k => string.Equals(k, child.Key, StringComparison.OrdinalIgnoreCase));
            if (key is null)
            {
                Diagnostics.Error(DiagnosticCodes.UnknownKey, $"unknown key '{child.Key}' in {what}", KeyAt(child),
                    Suggestions.Hint(child.Key, allowed));
                continue;
            }

            yield return (key, child);
        }
    }

    private static Shape ShapeOf(IConfigurationSection section)
    {
        var children = section.GetChildren().ToList();
        if (children.Count > 0)
        {
            return children.TrueForAll(c => int.TryParse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _)) ? Shape.List : Shape.Mapping;
        }

        return section.Value is null ? Shape.Absent : Shape.Scalar;
    }

    private static string Describe(IConfigurationSection section) => ShapeOf(section) switch
    {
        Shape.Mapping => "a mapping",
        Shape.List => "a list",
        _ => $"'{YamlNodeReader.Shorten(section.Value ?? string.Empty)}'",
    };

    /// <summary>The last provider that sets the section or anything below it (the one whose value wins).</summary>
    private IConfigurationProvider? Winner(IConfigurationSection section)
    {
        for (var i = root.Providers.Count() - 1; i >= 0; i--)
        {
            var provider = root.Providers.ElementAt(i);
            if (provider.TryGet(section.Path, out _) || provider.GetChildKeys([], section.Path).Any())
            {
                return provider;
            }
        }

        return null;
    }

    private SourceLocation Locate(IConfigurationSection section, bool keyName)
    {
        if (Winner(section) is GatewayYamlConfigurationProvider file)
        {
            return (keyName ? file.KeyAt(section.Path) : file.ValueAt(section.Path)) ?? file.Start;
        }

        return SourceLocation.FileOnly("environment variable " + VariableFor(section.Path));
    }
}
