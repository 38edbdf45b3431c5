using System.Net;

namespace AlignLab.Providers.Errors;

/// <summary>
/// A chat model could not be used: its endpoint failed, timed out, cut an answer short or sent something unreadable,
/// or the client could not be configured (for example a missing API key). Messages name the provider, model and
/// endpoint, never an API key.
/// </summary>
public sealed class ModelProviderException : Exception
{
    /// <summary>Creates an exception with a message only (for serializers and tooling).</summary>
    public ModelProviderException()
        : this("the model provider failed")
    {
    }

    /// <summary>Creates an exception with a message only.</summary>
    public ModelProviderException(string message)
        : base(message)
    {
        Provider = "";
        Model = "";
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    public ModelProviderException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Provider = "";
        Model = "";
    }

    /// <summary>Creates an exception describing a failure of <paramref name="provider"/>:<paramref name="model"/> at <paramref name="endpoint"/>.</summary>
    public ModelProviderException(string provider, string model, Uri? endpoint, string message, HttpStatusCode? statusCode = null, int attempts = 0, Exception? innerException = null)
        : base(message, innerException)
    {
        Provider = provider;
        Model = model;
        Endpoint = endpoint;
        StatusCode = statusCode;
        Attempts = attempts;
    }

    /// <summary><c>openai</c>, <c>ollama</c> or <c>anthropic</c>.</summary>
    public string Provider { get; }

    /// <summary>The model id.</summary>
    public string Model { get; }

    /// <summary>The base URL that was called.</summary>
    public Uri? Endpoint { get; }

    /// <summary>The last HTTP status received, when the failure was an error status.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>How many HTTP attempts were made (0 when unknown or none).</summary>
    public int Attempts { get; }
}
