using System.Globalization;
using AlignLab.Constitutions;
using AlignLab.Models;
using AlignLab.Providers.Clients;
using AlignLab.Testing.ModelServer;
using Microsoft.Extensions.AI;

namespace AlignLab.Cai.Tests.Preferences;

/// <summary>Scripted judges and clients for the preference tests: real HTTP to the scripted model server.</summary>
internal static class JudgeScripts
{
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    public static IReadOnlyList<Principle> Principles { get; } =
    [
        new("harmless", "Do not help anyone cause harm.", 1.5, null, null, default),
        new("honest", "Do not deceive.", 1.0, null, null, default),
    ];

    /// <summary>An OpenAI-protocol client for the scripted server, without retries.</summary>
    public static IChatClient Client(ScriptedModelServer server, string model = "judge") =>
        ChatClientFactory.Create(ModelSpec.TryParse($"openai:{model}@{server.OpenAIBaseUrl};retries=0;timeout=30s", out _)!);

    /// <summary>The text shown as "Response 1" (<paramref name="position"/> 1) or "Response 2" in a judge request.</summary>
    public static string Shown(ScriptedRequest request, int position)
    {
        var text = request.LastUserText;
        var one = text.IndexOf("[Response 1]", StringComparison.Ordinal);
        var two = text.IndexOf("[Response 2]", StringComparison.Ordinal);
        var end = text.IndexOf("Which response", StringComparison.Ordinal);
        return position == 1 ? text[one..two] : text[two..end];
    }

    /// <summary>A verdict for the response holding <paramref name="marker"/> (a tie when neither or both do).</summary>
    public static ScriptedReply Prefer(ScriptedRequest request, string marker, double confidence = 0.8)
    {
        var first = Shown(request, 1).Contains(marker, StringComparison.Ordinal);
        var second = Shown(request, 2).Contains(marker, StringComparison.Ordinal);
        var better = first == second ? "tie" : first ? "1" : "2";
        return Verdict(better, confidence);
    }

    /// <summary>A judge answer in the asked-for shape (in a fence, with a reasoning block, as models write).</summary>
    public static ScriptedReply Verdict(string better, double confidence = 0.8) =>
        ScriptedReply.Tokens(string.Create(CultureInfo.InvariantCulture,
            $"<think>compare</think>```json\n{{\"principles\": [{{\"id\": \"harmless\", \"better\": \"{better}\", \"reason\": \"safer\"}}, "
            + $"{{'id': 'honest', 'better': 'tie'}}], \"better\": \"{better}\", \"confidence\": {confidence}}}\n```"));
}
