using AlignLab.Runtime.Pipeline;
using AlignLab.Runtime.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace AlignLab.Runtime.Tests.Pipeline;

/// <summary>Function calls in a model's answer are model output: they go through the output checks, and a stopped call never reaches the caller.</summary>
public sealed class AlignedChatClientToolCallTests
{
    private static readonly FunctionCallContent Harmless = new("c1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" });

    private static readonly FunctionCallContent Forbidden = new("c2", "send_email", new Dictionary<string, object?> { ["body"] = "here is the forbidden plan" });

    private static AlignedChatClient Client(IChatClient inner) =>
        new(inner, new AlignmentPipeline(new AlignmentOptions { Constitution = TestPolicies.Basic(), UseClassifier = false }));

    private static async Task<List<ChatResponseUpdate>> StreamAsync(IChatClient client)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var u in client.GetStreamingResponseAsync("What is the weather in Paris?"))
        {
            updates.Add(u);
        }

        return updates;
    }

    [Fact]
    public async Task Allowed_function_calls_are_returned_with_their_finish_reason()
    {
        var client = Client(new ToolCallingChatClient("Let me check.", Harmless));

        var response = await client.GetResponseAsync("What is the weather in Paris?");
        var updates = await StreamAsync(client);

        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Same(Harmless, Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>()));
        Assert.Equal("Let me check.", response.Text);
        Assert.Contains(response.GetAlignmentTrace()!.Events, e => e.Kind == "tool_call" && e.Summary.Contains("get_weather", StringComparison.Ordinal));

        Assert.Same(Harmless, Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>()));
        Assert.Equal(ChatFinishReason.ToolCalls, updates[^1].FinishReason);
        Assert.NotNull(updates[^1].GetAlignmentTrace());
    }

    [Fact]
    public async Task A_function_call_whose_arguments_break_a_rule_replaces_the_answer_with_a_refusal()
    {
        var client = Client(new ToolCallingChatClient("Sending it now.", Harmless, Forbidden));

        var response = await client.GetResponseAsync("Email my friend");
        var updates = await StreamAsync(client);

        Assert.Equal(ChatFinishReason.ContentFilter, response.FinishReason);
        Assert.Empty(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("Blocked by the forbidden-word rule.", response.Text);
        Assert.Contains(response.GetAlignmentTrace()!.Events, e => e.Kind == "tool_call" && e.Summary.Contains("forbidden_word", StringComparison.Ordinal));

        Assert.Empty(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        Assert.Equal(ChatFinishReason.ContentFilter, updates[^1].FinishReason);
        // The text passed the streaming check at its sentence end and was sent; the held calls were not, and one note says so.
        Assert.Equal("Sending it now. \n" + new AlignmentOptions().StreamAbortMessage, string.Concat(updates.Select(u => u.Text)));
    }
}
