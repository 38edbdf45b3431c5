using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace AlignLab.Evaluation.Json;

/// <summary>
/// The serializer options of the evaluation files: <see cref="EvaluationJsonContext"/> with non-ASCII text left readable
/// (the encoder the source generator cannot set), indented or on one line.
/// </summary>
internal static class EvaluationJson
{
    /// <summary>Indented (summary.json and the report documents).</summary>
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    /// <summary>One line (the JSON-lines files).</summary>
    public static JsonSerializerOptions Compact { get; } = Create(indented: false);

    /// <summary>The source-generated metadata of <typeparamref name="T"/> under <paramref name="options"/>.</summary>
    public static JsonTypeInfo<T> Info<T>(JsonSerializerOptions options) => (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));

    /// <summary><paramref name="value"/> as JSON text.</summary>
    public static string Serialize<T>(T value, JsonSerializerOptions options) => JsonSerializer.Serialize(value, Info<T>(options));

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions(EvaluationJsonContext.Default.Options)
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            WriteIndented = indented,
        };
        options.MakeReadOnly();
        return options;
    }
}
