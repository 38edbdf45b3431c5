using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace AlignLab.Server.OpenAi;

/// <summary>A request body problem, turned into a 400 by the endpoint.</summary>
public sealed class RequestBodyException : Exception
{
    public RequestBodyException()
    {
    }

    public RequestBodyException(string message)
        : base(message)
    {
    }

    public RequestBodyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RequestBodyException(string message, string? param)
        : base(message)
    {
        Param = param;
    }

    /// <summary>The request field at fault, or null.</summary>
    public string? Param { get; }

    /// <summary>Parses a JSON body, turning syntax errors into <see cref="RequestBodyException"/>.</summary>
    public static async Task<JsonDocument> ParseAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = 64 }, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw new RequestBodyException($"the request body is not valid JSON: {ex.Message}", ex);
        }
    }
}
