using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AlignLab.IO;
using Microsoft.AspNetCore.Http;

namespace AlignLab.Server.Hosting;

/// <summary>Writes a JSON answer straight into the response's pipe as UTF-8 (no intermediate string).</summary>
public static class JsonResponse
{
    /// <summary>Sets the status and content type, writes the document, and flushes it.</summary>
    public static async Task WriteAsync(HttpResponse response, int status, Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(write);
        response.StatusCode = status;
        response.ContentType = "application/json";
        using (var writer = new Utf8JsonWriter(response.BodyWriter, JsonText.Compact))
        {
            write(writer);
        }

        await response.BodyWriter.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sets the status and content type and writes <paramref name="value"/> through its source-generated
    /// <paramref name="typeInfo"/> (compact, non-ASCII text left readable).
    /// </summary>
    public static async Task WriteAsync<T>(HttpResponse response, int status, T value, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(typeInfo);
        response.StatusCode = status;
        response.ContentType = "application/json";
        using (var writer = new Utf8JsonWriter(response.BodyWriter, JsonText.Compact))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }

        await response.BodyWriter.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
