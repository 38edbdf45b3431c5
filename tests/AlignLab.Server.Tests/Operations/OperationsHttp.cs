using System.Net;
using System.Text;
using System.Text.Json;

namespace AlignLab.Server.Tests.Operations;

/// <summary>Requests the operations tests send a gateway.</summary>
internal static class OperationsHttp
{
    public static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    /// <summary>POSTs <c>/api/check</c> and returns the decision's action.</summary>
    public static async Task<string> CheckAsync(HttpClient client, string text, string? subject = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/check") { Content = Json(new { text }) };
        if (subject is not null)
        {
            request.Headers.Add("X-AlignLab-Subject", subject);
        }

        using var r = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("decision").GetProperty("action").GetString()!;
    }

    /// <summary>Sends a request and returns its status and parsed JSON body.</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpClient client, HttpMethod method, string path,
        object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : Json(body) };
        using var r = await client.SendAsync(request);
        var text = await r.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(text.Length == 0 ? "null" : text);
        return (r.StatusCode, doc.RootElement.Clone());
    }

    /// <summary>Uploads YAML to an arm (<c>POST /api/policies/{arm}/reload</c>) and returns the status.</summary>
    public static async Task<HttpStatusCode> UploadAsync(HttpClient client, string arm, string yaml)
    {
        using var r = await client.PostAsync($"api/policies/{arm}/reload", new StringContent(yaml, Encoding.UTF8, "application/yaml"));
        return r.StatusCode;
    }
}
