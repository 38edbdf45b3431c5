using System.Text.Json;

namespace AlignLab.Server.OpenAi;

/// <summary>Reads JSON strings from request bodies, turning malformed Unicode escapes into a 400 rather than a 500.</summary>
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
        catch (InvalidOperationException ex)
        {
            throw new RequestBodyException($"'{param}' is not valid Unicode text (an unpaired surrogate escape such as \\ud800): {ex.Message}", param);
        }
    }
}
