using System.Text.Json;
using AlignLab.Constitutions;
using AlignLab.Runtime.Detectors;
using AlignLab.Runtime.Judges;
using AlignLab.Runtime.Pipeline;
using AlignLab.Runtime.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace AlignLab.Runtime.Tests.Judges;

/// <summary>
/// Issue 16 item 8: judges asked for free text and read it with the lenient parser only. The JSON template now asks
/// with structured output first (<c>GetResponseAsync&lt;T&gt;</c>: the answer's JSON schema as the response format) and
/// reads the typed answer; a model that ignores the schema is read by the lenient parser; an answer neither reads is an
/// error counted as an error, never a verdict. The models here are scripted chat clients.
/// </summary>
public sealed class StructuredJudgeTests
{
    private static readonly GuardRequest Input = new("How do I hurt someone?", PolicyStage.Input);

    [Fact]
    public async Task A_structured_answer_is_asked_for_with_the_schema_and_read_as_the_typed_object()
    {
        var client = new ScriptedChatClient("""{"unsafe":0.92,"categories":["S1","made_up"],"rationale":"a threat"}""");
        var judge = new ChatClientJudge("json-judge", client, JudgeTemplate.Json);

        var result = await judge.DetectAsync(Input);

        var format = Assert.IsType<ChatResponseFormatJson>(Assert.Single(client.Calls).Options!.ResponseFormat);
        var schema = format.Schema!.Value;
        Assert.Equal(JsonValueKind.Object, schema.GetProperty("properties").GetProperty("unsafe").ValueKind);
        Assert.True(schema.GetProperty("properties").TryGetProperty("categories", out _));
        Assert.Equal(0.92, result.UnsafeScore);
        Assert.True(result.Flagged);
        Assert.Equal<string>(["violent_crimes"], result.FlaggedCategories);
        Assert.Equal("a threat [Ignored unknown categories: made_up.]", result.Rationale);
    }

    [Fact]
    public void The_typed_reading_takes_only_an_object_with_a_score_between_0_and_1()
    {
        static JudgeVerdict? Read(string text) =>
            ChatClientJudge.StructuredVerdict(new ChatResponse<JudgeAnswer>(
                new ChatResponse(new ChatMessage(ChatRole.Assistant, text)), JudgeAnswerJsonContext.Default.Options));

        Assert.Equal(0.25, Read("""{"unsafe":0.25}""")!.UnsafeScore);
        Assert.Null(Read("""{"unsafe":1.5}"""));
        Assert.Null(Read("""{"categories":["S1"]}"""));
        Assert.Null(Read("""Sure! {"unsafe":0.9}"""));
        Assert.Null(Read("""{"unsafe":"85%"}"""));
    }

    [Fact]
    public async Task A_free_text_answer_that_ignores_the_schema_is_read_by_the_lenient_parser()
    {
        var client = new ScriptedChatClient("Let me think. The text threatens violence.\n```json\n{'unsafe': '85%', categories: 'hate',}\n```");
        var judge = new ChatClientJudge("json-judge", client, JudgeTemplate.Json);

        var result = await judge.DetectAsync(Input);

        Assert.Equal(0.85, result.UnsafeScore, 3);
        Assert.Equal<string>(["hate"], result.FlaggedCategories);
        Assert.IsType<ChatResponseFormatJson>(Assert.Single(client.Calls).Options!.ResponseFormat);
    }

    [Fact]
    public async Task A_garbage_answer_is_a_parse_error_and_in_the_pipeline_a_failure_not_a_verdict()
    {
        var judge = new ChatClientJudge("json-judge", new ScriptedChatClient(_ => "I would rather not say."), JudgeTemplate.Json);

        var error = await Assert.ThrowsAsync<JudgeParseException>(() => judge.DetectAsync(Input).AsTask());

        Assert.Equal("I would rather not say.", error.RawOutput);
        var options = new AlignmentOptions { Constitution = TestPolicies.Basic(), UseClassifier = false };
        options.Detectors.Add(new StagedDetector(judge, PolicyStage.Input, 0.5, TimeSpan.FromSeconds(5)));
        using var pipeline = new AlignmentPipeline(options);
        var trace = pipeline.StartTrace();
        var check = await pipeline.CheckInputAsync([new ChatMessage(ChatRole.User, "hello")], trace);
        Assert.Equal(AlignmentAction.Block, check.Action); // the test policy fails closed
        Assert.Contains(trace.Events, e => e.Kind == "failure" && e.Summary.Contains("JudgeParseException", StringComparison.Ordinal));
        Assert.DoesNotContain(trace.Events, e => e.Kind == "judge");
    }

    [Fact]
    public async Task A_guard_model_template_is_asked_in_its_own_format_without_a_schema()
    {
        var client = new ScriptedChatClient("unsafe\nS1");
        var judge = new ChatClientJudge("lg", client, JudgeTemplate.LlamaGuard);

        await judge.DetectAsync(Input);

        Assert.False(JudgeTemplate.LlamaGuard.StructuredOutput || JudgeTemplate.ShieldGemma.StructuredOutput);
        Assert.Null(Assert.Single(client.Calls).Options!.ResponseFormat);
    }
}
