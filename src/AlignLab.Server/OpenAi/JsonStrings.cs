using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace AlignLab.Server.OpenAi;

/// <summary>
/// Reads JSON strings from request bodies, turning unpaired surrogate escapes such as <c>"\ud800"</c> (valid JSON
/// syntax, but not Unicode text, so <see cref="JsonElement.GetString"/> throws) into a 400 naming the field rather than a 500.
/// </summary>
public static class JsonStrings
{
    /// <summary>The string value of <paramref name="element"/>; throws <see cref="RequestBodyException"/> naming <paramref name="param"/>
    /// when it holds an unpaired surrogate escape such as <c>"\ud800"</c>, which is not valid Unicode text.</summary>
    public static string Read(JsonElement element, string param)
    {
        try
        {
            return element.GetString() ?? "";
        }
        catch (InvalidOperationException ex) when (element.ValueKind == JsonValueKind.String)
        {
            throw Unpaired(param, ex);
        }
    }

    /// <summary>
    /// Checks every string and property name of <paramref name="root"/>, known fields or not, and throws
    /// <see cref="RequestBodyException"/> naming the first that holds an unpaired surrogate escape (as a path such as
    /// <c>messages[0].content</c>, under <paramref name="path"/> when given). A document without any <c>\uD8..</c>–<c>\uDF..</c>
    /// escape, which is almost every one, is cleared by a scan of its bytes.
    /// </summary>
    public static void RequireValidText(JsonElement root, string path = "")
    {
        if (MayHoldSurrogateEscape(JsonMarshal.GetRawUtf8Value(root)))
        {
            Walk(root, path);
        }
    }

    private static void Walk(JsonElement e, string path)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.String:
                Read(e, path);
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in e.EnumerateArray())
                {
                    Walk(item, string.Create(CultureInfo.InvariantCulture, $"{path}[{i++}]"));
                }

                break;
            case JsonValueKind.Object:
                foreach (var property in e.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException ex)
                    {
                        throw Unpaired(path.Length == 0 ? "(a property name)" : path, ex);
                    }

                    Walk(property.Value, path.Length == 0 ? name : path + "." + name);
                }

                break;
            default:
                break;
        }
    }

    /// <summary>Whether <paramref name="json"/> holds an escape of a UTF-16 surrogate (<c>\uD800</c> to <c>\uDFFF</c>, either case).</summary>
    private static bool MayHoldSurrogateEscape(ReadOnlySpan<byte> json)
    {
        var at = json.IndexOf("\\u"u8);
        while (at >= 0 && at + 3 < json.Length)
        {
            var d = json[at + 2];
            var next = json[at + 3];
            if ((d is (byte)'d' or (byte)'D') &&
                (next is (>= (byte)'8' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f') or (>= (byte)'A' and <= (byte)'F')))
            {
                return true;
            }

            var rest = json.Slice(at + 2).IndexOf("\\u"u8);
            at = rest < 0 ? -1 : at + 2 + rest;
        }

        return false;
    }

    private static RequestBodyException Unpaired(string param, InvalidOperationException ex) =>
        new($"'{param}' is not valid Unicode text (an unpaired surrogate escape such as \\ud800): {ex.Message}", param);
}
