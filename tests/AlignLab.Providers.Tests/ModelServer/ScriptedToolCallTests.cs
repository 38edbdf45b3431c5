using System.Text.Json;
using AlignLab.Providers.Clients;
using AlignLab.Providers.Tests.Support;
using AlignLab.Testing.ModelServer;
using Microsoft.Extensions.AI;

namespace AlignLab.Providers.Tests.ModelServer;

/// <summary>The scripted server's OpenAI side scripts function calls, and records declared tools and tool results, as the official SDK sees them.</summary>
public sealed class ScriptedToolCallTests
{
    private static readonly ScriptedToolCall Weather = new("call_1", "get_weather", """{"city":"Paris","unit":"celsius"}""");

    private static ChatOptions WeatherTool() => new()
    {
        Tools = [AIFunctionFactory.CreateDeclaration("get_weather", "Current weather", JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"}}}""").RootElement)],
        ToolMode = ChatToolMode.RequireAny,
    };

    [Fact]
    public async Task Scripted_openai_reply_with_tool_calls_reaches_the_sdk_as_function_calls()
    {
        await using var server = await ScriptedModelServer.StartAsync(ScriptedReply.CallTools(Weather));
        using var client = ChatClientFactory.Create(Scripted.Spec(server, "openai"), Scripted.Options());

        var response = await client.GetResponseAsync("Weather in Paris?", WeatherTool()).WaitAsync(Scripted.Guard);

        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal(("call_1", "get_weather"), (call.CallId, call.Name));
        Assert.Equal("Paris", call.Arguments!["city"]?.ToString());
        var request = Assert.Single(server.Requests);
        Assert.Equal(["get_weather"], request.ToolNames);
        Assert.Equal("\"required\"", request.ToolChoice);
    }

    [Fact]
    public async Task Scripted_openai_stream_with_tool_calls_is_reassembled_by_the_sdk()
    {
        await using var server = await ScriptedModelServer.StartAsync(ScriptedReply.CallTools(Weather, Weather with { Id = "call_2", Arguments = """{"city":"Oslo"}""" }));
        using var client = ChatClientFactory.Create(Scripted.Spec(server, "openai"), Scripted.Options());

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync("Weather in Paris and Oslo?", WeatherTool()).WithCancellation(new CancellationTokenSource(Scripted.Guard).Token))
        {
            updates.Add(update);
        }

        var calls = updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().ToList();
        Assert.Equal(["call_1", "call_2"], calls.Select(c => c.CallId));
        Assert.Equal(["Paris", "Oslo"], calls.Select(c => c.Arguments!["city"]?.ToString()));
        Assert.Equal(ChatFinishReason.ToolCalls, updates.Select(u => u.FinishReason).Last(f => f is not null));
    }

    [Fact]
    public async Task Scripted_server_records_assistant_tool_calls_and_tool_results()
    {
        await using var server = await ScriptedModelServer.StartAsync(ScriptedReply.Text("It is 21 degrees."));
        using var client = ChatClientFactory.Create(Scripted.Spec(server, "openai"), Scripted.Options());
        List<ChatMessage> messages =
        [
            new(ChatRole.User, "Weather in Paris?"),
            new(ChatRole.Assistant, [new FunctionCallContent("call_1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" })]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", "21 degrees")]),
        ];

        await client.GetResponseAsync(messages, WeatherTool()).WaitAsync(Scripted.Guard);

        var sent = Assert.Single(server.Requests).Messages;
        var call = Assert.Single(sent[1].ToolCalls);
        Assert.Equal(("call_1", "get_weather"), (call.Id, call.Name));
        Assert.Contains("Paris", call.Arguments, StringComparison.Ordinal);
        Assert.Equal(("tool", "call_1"), (sent[2].Role, sent[2].ToolCallId));
        Assert.Contains("21 degrees", sent[2].Text, StringComparison.Ordinal);
    }
}
