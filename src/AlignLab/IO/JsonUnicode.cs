using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace AlignLab.IO;

/// <summary>
/// Finds JSON strings that are not Unicode text. JSON syntax allows an escape of half a surrogate pair on its own
/// (<c>"\ud800"</c>); <see cref="JsonElement.GetString"/> then throws <see cref="InvalidOperationException"/>. Readers of
/// user files and request bodies check a value once, up front, and report the field instead of failing later.
/// </summary>
public static class JsonUnicode
{
    /// <summary>
    /// Whether a string or property name in <paramref name="element"/> holds an unpaired surrogate escape; when it does,
    /// <paramref name="path"/> says where: <c>""</c> for the value itself, else a path such as <c>text</c>,
    /// <c>messages[0].content</c> or, for a property name, its parent's path and the name as escaped in the JSON
    /// (<c>meta.\udc00</c>). A value without any <c>\uD800</c>–<c>\uDFFF</c> escape, almost every one, is cleared by a scan of its bytes.
    /// </summary>
    public static bool TryFindUnpairedSurrogate(JsonElement element, [NotNullWhen(true)] out string? path)
    {
        path = MayHoldSurrogateEscape(JsonMarshal.GetRawUtf8Value(element)) ? Find(element, "") : null;
        return path is not null;
    }

    /// <summary><paramref name="path"/> under <paramref name="parent"/> (either may be empty).</summary>
    public static string Join(string parent, string path)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(path);
        return parent.Length == 0 ? path : path.Length == 0 ? parent : path[0] == '[' ? parent + path : parent + "." + path;
    }

    /// <summary>A sentence naming where an unpaired surrogate is (<paramref name="path"/> from <see cref="TryFindUnpairedSurrogate"/>).</summary>
    public static string Describe(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var where = path.Length == 0 ? "the value" : $"field '{path}'";
        return $"{where} holds an unpaired surrogate escape (such as \\ud800), which is not Unicode text";
    }

    private static string? Find(JsonElement e, string path)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.String:
                try
                {
                    _ = e.GetString();
                    return null;
                }
                catch (InvalidOperationException)
                {
                    return path;
                }

            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in e.EnumerateArray())
                {
                    if (Find(item, string.Create(CultureInfo.InvariantCulture, $"{path}[{i++}]")) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Object:
                foreach (var property in e.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        return Member(path, Encoding.UTF8.GetString(JsonMarshal.GetRawUtf8PropertyName(property)));
                    }

                    if (Find(property.Value, Member(path, name)) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static string Member(string path, string name) => path.Length == 0 ? name : path + "." + name;

    /// <summary>Whether <paramref name="json"/> holds an escape of a UTF-16 surrogate (<c>\uD800</c> to <c>\uDFFF</c>, either case).</summary>
    private static bool MayHoldSurrogateEscape(ReadOnlySpan<byte> json)
    {
        var at = json.IndexOf("\\u"u8);
        while (at >= 0 && at + 3 < json.Length)
        {
            if (json[at + 2] is (byte)'d' or (byte)'D' && IsSurrogateDigit(json[at + 3]))
            {
                return true;
            }

            var rest = json[(at + 2)..].IndexOf("\\u"u8);
            at = rest < 0 ? -1 : at + 2 + rest;
        }

        return false;
    }

    private static bool IsSurrogateDigit(byte b) =>
        b is (>= (byte)'8' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f') or (>= (byte)'A' and <= (byte)'F');
}
