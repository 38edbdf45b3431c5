using System.Net.Http.Headers;
using System.Text;
using AlignLab.Server.Hosting;
using AlignLab.Server.Security;
using AlignLab.Server.Tests.Support;
using AlignLab.Testing.ModelServer;

namespace AlignLab.Server.Tests.Profiles;

/// <summary>
/// A gateway guarding a scripted upstream with a policy whose profiles and contexts change decisions (issue 19 item 6):
/// "fireworks" is only logged by default and blocked under <c>child_safe</c>; "forbidden" is blocked by default and
/// allowed in the <c>educational</c> context. Keys: <see cref="RunningGateway.Key"/> (any profile),
/// <see cref="KidsKey"/> (child_safe only) and <see cref="PlainKey"/> (the default only).
/// </summary>
internal static class ProfileGateway
{
    public const string KidsKey = "kids-key-0123456789";

    public const string PlainKey = "plain-key-0123456789";

    public const string Answer = "Here is a friendly answer.";

    public const string Policy = """
        constitutional_ai:
          name: profile-test
          pii: {enabled: false}
          classifier: {enabled: false}
          specific_rules:
            - id: fireworks_talk
              trigger: "fireworks"
              action: log_only
              message: "Fireworks are not a topic here."
            - id: forbidden_word
              trigger: "forbidden"
              action: block
              message: "Blocked by the forbidden-word rule."
          profiles:
            child_safe:
              description: Under-18 users.
              rule_actions:
                fireworks_talk: block
            expert:
              description: Experts.
          contexts:
            educational:
              description: Teaching.
              disable_rules: [forbidden_word]
        """;

    public static Task<ScriptedGateway> StartAsync(Action<GatewayOptions>? configure = null) =>
        ScriptedGateway.StartAsync(_ => ScriptedReply.Text(Answer), Policy, o =>
        {
            o.ApiKeys.Add(new ApiKeyEntry("kids-app", ApiKeyHasher.Hash(KidsKey), 10_000, 10_000, ApiScopes.All) { Profiles = ["child_safe"] });
            o.ApiKeys.Add(new ApiKeyEntry("plain-app", ApiKeyHasher.Hash(PlainKey), 10_000, 10_000, ApiScopes.All) { Profiles = [], Contexts = [] });
            configure?.Invoke(o);
        });

    /// <summary>A JSON POST with optional extra headers.</summary>
    public static HttpRequestMessage Post(string path, string json, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    /// <summary>A chat body with one user message, optionally streamed, with an optional <c>metadata</c> object.</summary>
    public static string Chat(string prompt, bool stream = false, string? metadata = null) =>
        $$"""{"model":"gpt-test","stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"{{prompt}}"}]"""
        + (metadata is null ? "" : ",\"metadata\":" + metadata) + "}";

    /// <summary>The client of <paramref name="key"/>.</summary>
    public static HttpClient Client(ScriptedGateway gateway, string key)
    {
        var client = gateway.Gateway.CreateClient(key);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }
}
