using System.Net;
using AlignLab.Models;

namespace AlignLab.Providers.Errors;

/// <summary>The identity of one configured model client, used to word errors and to keep its secret out of them.</summary>
internal sealed class ProviderTarget(ModelSpec spec, Uri endpoint, string? secret)
{
    public ModelSpec Spec { get; } = spec;

    public Uri Endpoint { get; } = endpoint;

    /// <summary>e.g. <c>openai:gpt-x@http://127.0.0.1:5123/v1</c>.</summary>
    public string Display { get; } = $"{spec.Provider}:{spec.Model}@{endpoint.ToString().TrimEnd('/')}";

    /// <summary>Removes the API key from text that may have come from upstream.</summary>
    public string Redact(string text) =>
        string.IsNullOrEmpty(secret) || secret.Length < 4 ? text : text.Replace(secret, "***", StringComparison.Ordinal);

    public ModelProviderException Error(string what, HttpStatusCode? status = null, int attempts = 0, Exception? inner = null) =>
        new(Spec.Provider, Spec.Model, Endpoint, Redact($"{Display} {what}"), status, attempts, inner);
}
