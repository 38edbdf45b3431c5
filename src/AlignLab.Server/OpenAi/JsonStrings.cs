using System.Text.Json;
using AlignLab.IO;

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
            throw Unpaired(param, ex.Message);
        }
    }

    /// <summary>
    /// Checks every string and property name of <paramref name="root"/>, known fields or not, and throws
    /// <see cref="RequestBodyException"/> naming the first that holds an unpaired surrogate escape, as a path such as
    /// <c>messages[0].content</c> (under <paramref name="path"/> when given); see <see cref="JsonUnicode.TryFindUnpairedSurrogate"/>.
    /// </summary>
    public static void RequireValidText(JsonElement root, string path = "")
    {
        if (JsonUnicode.TryFindUnpairedSurrogate(root, out var found))
        {
            var param = JsonUnicode.Join(path, found);
            throw Unpaired(param.Length == 0 ? "(the body)" : param, null);
        }
    }

    private static RequestBodyException Unpaired(string param, string? detail) =>
        new($"'{param}' is not valid Unicode text (an unpaired surrogate escape such as \\ud800)" + (detail is null ? "" : ": " + detail), param);
}
