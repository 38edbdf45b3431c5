using System.Collections.Immutable;
using AlignLab.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace AlignLab.Constitutions.Loading;

/// <summary>
/// Reads a value written as one of a fixed set of names (an action, a stage, a severity…) and reports an unknown name as
/// "unknown {label} 'name'" with a "did you mean" hint drawn from <see cref="Names"/>.
/// </summary>
/// <typeparam name="T">What a name stands for.</typeparam>
internal sealed class NamedValueReader<T>(string label, string code, IReadOnlyCollection<string> names, NamedValueReader<T>.Parser parse)
{
    /// <summary>Turns a name into its value; false when the name is not one of the set.</summary>
    public delegate bool Parser(string name, out T value);

    /// <summary>What an unknown name is called in the message: "unknown {Label} '…'".</summary>
    public string Label { get; } = label;

    /// <summary>The diagnostic code of an unknown name.</summary>
    public string Code { get; } = code;

    /// <summary>The names offered as suggestions.</summary>
    public IReadOnlyCollection<string> Names { get; } = names;

    /// <summary>Words after the quoted name, e.g. " in veto_power".</summary>
    public string Suffix { get; init; } = "";

    /// <summary>
    /// Reads <paramref name="node"/> as a name; <paramref name="key"/> names it when it is not a single value.
    /// Absent (null or nothing) is <see cref="NamedValue.Absent"/> and reports nothing.
    /// </summary>
    public NamedValue Read(YamlNodeReader r, YamlNode node, string key, out T value)
    {
        value = default!;
        var name = r.String(node, key);
        if (name is null)
        {
            return NamedValue.Absent;
        }

        return TryParse(r, name, r.At(node), out value) ? NamedValue.Read : NamedValue.Invalid;
    }

    /// <summary>
    /// Parses <paramref name="name"/> (a list item or a key), reporting it at <paramref name="at"/> when unknown; pass
    /// <paramref name="shorten"/> false to quote a long name whole (keys are).
    /// </summary>
    public bool TryParse(YamlNodeReader r, string name, SourceLocation at, out T value, bool shorten = true)
    {
        if (parse(name, out value))
        {
            return true;
        }

        var shown = shorten ? YamlNodeReader.Shorten(name) : name;
        r.Diagnostics.Error(Code, $"unknown {Label} '{shown}'{Suffix}", at, Suggestions.Hint(name, Names));
        return false;
    }

    /// <summary>The known names of a list (a single value is a list of one), each unknown one reported where it is written.</summary>
    public ImmutableArray<T> ReadList(YamlNodeReader r, YamlNode node, string key)
    {
        var result = ImmutableArray.CreateBuilder<T>();
        foreach (var (name, item) in r.StringList(node, key))
        {
            if (TryParse(r, name, r.At(item), out var value))
            {
                result.Add(value);
            }
        }

        return result.ToImmutable();
    }
}
