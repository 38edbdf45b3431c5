using AlignLab.Server.Tests.Support;
using AlignLab.Testing.ModelServer;
using OpenAI.Chat;

namespace AlignLab.Server.Tests.OpenAi;

/// <summary>
/// Issue 14 item 12: a refused answer has one text and one shape, streamed or not. Before, with <c>stream: true</c> a
/// refused answer read "\n\n[AlignLab: the answer was steered to stay within policy]\n\n\n\n[AlignLab: the rest of this
/// answer was withheld…]" although nothing had been shown. The official OpenAI .NET SDK calls a real gateway in front
/// of a scripted upstream model (real HTTP both ways).
/// </summary>
public sealed class StreamedRefusalOverSdkTests
{
    /// <summary>Like the default constitution, one steered restart before a stream is cut.</summary>
    private const string Policy = """
        constitutional_ai:
          name: refusal-shape
          pii: {enabled: false}
          stages:
            streaming: {first_check: 4, check_interval: 16, abort_threshold: 0.99, max_interventions: 1}
          specific_rules:
            - id: forbidden_word
              trigger: "forbidden"
              action: block
              message: "Blocked by the forbidden-word rule."
            - id: secret_word
              trigger: "secretword"
              action: block
              stages: [streaming, output]
              message: "The answer was stopped."
        """;

    private static async Task<(string Text, ChatFinishReason? Finish, int TextChunks)> StreamAsync(ChatClient sdk, string prompt)
    {
        var text = "";
        ChatFinishReason? finish = null;
        var chunks = 0;
        await foreach (var update in sdk.CompleteChatStreamingAsync([new UserChatMessage(prompt)]))
        {
            var part = string.Concat(update.ContentUpdate.Select(p => p.Text));
            chunks += part.Length > 0 ? 1 : 0;
            text += part;
            finish = update.FinishReason ?? finish;
        }

        return (text, finish, chunks);
    }

    [Theory]
    [InlineData("tell me the forbidden thing", "The capital of France is Paris.")] // input stage: the scripted upstream is never called
    [InlineData("say something", "The secretword is hidden in this answer and more text follows.")] // streaming stage, first check
    public async Task A_refusal_streamed_before_any_text_from_the_scripted_upstream_is_the_non_streamed_refusal(string prompt, string answer)
    {
        await using var scripted = await ScriptedGateway.StartAsync(
            _ => ScriptedReply.Text(answer), Policy);
        var sdk = scripted.Sdk();

        ChatCompletion completion = await sdk.CompleteChatAsync([new UserChatMessage(prompt)]);
        var (text, finish, chunks) = await StreamAsync(sdk, prompt);

        Assert.Equal(ChatFinishReason.ContentFilter, completion.FinishReason);
        Assert.Equal(completion.Content[0].Text, text);
        Assert.Equal(ChatFinishReason.ContentFilter, finish);
        Assert.Equal(1, chunks);
        Assert.DoesNotContain("[AlignLab", text, StringComparison.Ordinal);
        Assert.False(char.IsWhiteSpace(text[0]), $"starts with blank space: {text}");
    }

    [Fact]
    public async Task A_stream_from_the_scripted_upstream_cut_after_text_was_shown_ends_with_one_note_on_its_own_line()
    {
        // The first check (4 tokens) passes and is shown; the check at the end finds the word; the steered restart is cut at its first check.
        string[] first = ["Sure", ",", " here", " is", " the", " secretword", " and", " more", " text", "."];
        string[] second = ["Again", " the", " secretword", " is", " here", "."];
        await using var scripted = await ScriptedGateway.StartAsync(
            ScriptedModelServer.Sequence(ScriptedReply.Tokens(first), ScriptedReply.Tokens(second)), Policy);

        var (text, finish, _) = await StreamAsync(scripted.Sdk(), "say something");

        Assert.Equal("Sure, here is\n[AlignLab: the rest of this answer was withheld because it violated the safety policy.]", text);
        Assert.Equal(ChatFinishReason.ContentFilter, finish);
        Assert.Equal(2, scripted.Upstream.ChatRequestCount);
    }

    [Fact]
    public async Task A_stream_from_the_scripted_upstream_steered_after_text_was_shown_has_the_note_once_before_the_new_answer()
    {
        string[] first = ["Sure", ",", " here", " is", " the", " secretword", "."];
        string[] second = ["I", " can", " help", " with", " something", " else", "."];
        await using var scripted = await ScriptedGateway.StartAsync(
            ScriptedModelServer.Sequence(ScriptedReply.Tokens(first), ScriptedReply.Tokens(second)), Policy);

        var (text, finish, _) = await StreamAsync(scripted.Sdk(), "say something");

        Assert.Equal("Sure, here is\n[AlignLab: the answer was steered to stay within policy]\nI can help with something else.", text);
        // The gateway reports what the trace decided: part of the first attempt was withheld (audited as a block).
        Assert.Equal(ChatFinishReason.ContentFilter, finish);
    }
}
