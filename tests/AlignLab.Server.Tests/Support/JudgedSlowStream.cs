using AlignLab.Testing.ModelServer;

namespace AlignLab.Server.Tests.Support;

/// <summary>
/// The policy and upstream script the snapshot-ownership tests share: one Llama Guard judge on a scripted upstream (so a
/// snapshot owns two clients, the guarded model and the judge) and a guarded model that streams ten slow tokens, long
/// enough for a reload to happen while the stream is in flight.
/// </summary>
internal static class JudgedSlowStream
{
    public static string Policy(ScriptedModelServer upstream, string name) => $$"""
        constitutional_ai:
          name: {{name}}
          pii: {enabled: false}
          models:
            guard: "openai:guard@{{upstream.OpenAIBaseUrl}}"
          judges:
            - {id: j, model: guard, template: llama_guard, stages: [input]}
          specific_rules:
            - {id: forbidden_word, trigger: "forbidden", action: block}
        """;

    /// <summary>Judge calls answer "safe"; the guarded model streams ten tokens, <paramref name="chunkDelay"/> apart.</summary>
    public static Func<ScriptedRequest, ScriptedReply> Script(TimeSpan chunkDelay) => request =>
        request.Model == "guard"
            ? ScriptedReply.Text("safe")
            : ScriptedReply.Tokens([.. Enumerable.Repeat("word ", 10)]) with { ChunkDelay = chunkDelay };
}
