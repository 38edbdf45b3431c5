using Microsoft.AspNetCore.Http;

namespace AlignLab.Server.Security;

/// <summary>Who is calling: the API key's name, or "anonymous" when the gateway has no keys.</summary>
/// <param name="Name">The key name (never the key).</param>
/// <param name="Entry">The key's configuration, or null for anonymous callers.</param>
public sealed record Caller(string Name, Hosting.ApiKeyEntry? Entry)
{
    private const string ItemKey = "alignlab.caller";

    /// <summary>The anonymous caller.</summary>
    public static Caller Anonymous { get; } = new("anonymous", null);

    /// <summary>The caller of a request (anonymous when authentication did not run).</summary>
    public static Caller Of(HttpContext context) =>
        context?.Items.TryGetValue(ItemKey, out var v) == true && v is Caller c ? c : Anonymous;

    internal void AttachTo(HttpContext context) => context.Items[ItemKey] = this;
}
