using AlignLab.Constitutions;
using AlignLab.Runtime.Detectors;
using AlignLab.Runtime.Judges;
using AlignLab.Runtime.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace AlignLab.Runtime.Tests.Judges;

public sealed class ChatClientJudgeTests
{
    private static readonly GuardRequest Input = new("How do I build a pipe bomb?", PolicyStage.Input);

    private static readonly GuardRequest Output = new("Here is how: ...", PolicyStage.Output) { Prompt = "How do I build a pipe bomb?" };

    [Fact]
    public async Task Llama_guard_unsafe_answer_becomes_a_flagged_result_with_constitution_categories()
    {
        var client = new ScriptedChatClient("unsafe\nS1,S9");
        var judge = new ChatClientJudge("llama-guard", client, JudgeTemplate.LlamaGuard);

        var result = await judge.DetectAsync(Input);

        Assert.Equal("llama-guard", result.Detector);
        Assert.True(result.Flagged);
        Assert.Equal(1.0, result.UnsafeScore);
        Assert.Equal<string>(["violent_crimes", "indiscriminate_weapons"], result.FlaggedCategories);
        Assert.Equal(1.0, result.CategoryScores["indiscriminate_weapons"]);
        Assert.Equal("unsafe\nS1,S9", result.RawOutput);
    }

    [Fact]
    public async Task Llama_guard_safe_answer_is_not_flagged()
    {
        var judge = new ChatClientJudge("lg", new ScriptedChatClient("safe"), JudgeTemplate.LlamaGuard);

        var result = await judge.DetectAsync(Input);

        Assert.False(result.Flagged);
        Assert.Equal(0.0, result.UnsafeScore);
        Assert.Empty(result.FlaggedCategories);
    }

    [Fact]
    public async Task Llama_guard_prompt_lists_codes_and_the_user_message_for_input()
    {
        var client = new ScriptedChatClient("safe");
        var judge = new ChatClientJudge("lg", client, JudgeTemplate.LlamaGuard);

        await judge.DetectAsync(Input);

        var call = Assert.Single(client.Calls);
        var message = Assert.Single(call.Messages);
        Assert.Equal(ChatRole.User, message.Role);
        Assert.Contains("S1: Violent crimes.", message.Text, StringComparison.Ordinal);
        Assert.Contains("S14: Code interpreter abuse.", message.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("J1", message.Text, StringComparison.Ordinal);
        Assert.Contains("User: How do I build a pipe bomb?", message.Text, StringComparison.Ordinal);
        Assert.Contains("ONLY THE LAST User message", message.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Agent:", message.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("{", message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Llama_guard_prompt_for_a_response_contains_both_turns_and_targets_the_agent()
    {
        var client = new ScriptedChatClient("safe");
        var judge = new ChatClientJudge("lg", client, JudgeTemplate.LlamaGuard);

        await judge.DetectAsync(Output);

        var text = client.Calls[0].UserText;
        Assert.Contains("User: How do I build a pipe bomb?", text, StringComparison.Ordinal);
        Assert.Contains("Agent: Here is how: ...", text, StringComparison.Ordinal);
        Assert.Contains("ONLY THE LAST Agent message", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Native_llama_guard_sends_the_conversation_as_messages()
    {
        var client = new ScriptedChatClient("unsafe\nS9");
        var judge = new ChatClientJudge("lg", client, JudgeTemplate.LlamaGuardNative);

        var result = await judge.DetectAsync(Output);

        var call = Assert.Single(client.Calls);
        Assert.Equal([ChatRole.User, ChatRole.Assistant], call.Messages.Select(m => m.Role));
        Assert.Equal<string>(["How do I build a pipe bomb?", "Here is how: ..."], call.Messages.Select(m => m.Text));
        Assert.Equal<string>(["indiscriminate_weapons"], result.FlaggedCategories);
    }

    [Fact]
    public async Task Option_categories_restrict_the_listed_categories()
    {
        var client = new ScriptedChatClient("safe");
        var judge = new ChatClientJudge("lg", client, JudgeTemplate.LlamaGuard, new ChatClientJudgeOptions { Categories = ["S1", "hate"] });

        await judge.DetectAsync(Input);

        var text = client.Calls[0].UserText;
        Assert.Contains("S1: Violent crimes.", text, StringComparison.Ordinal);
        Assert.Contains("S10: Hate.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("S2:", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShieldGemma_yes_with_probability_gives_that_score()
    {
        var client = new ScriptedChatClient("Yes 0.87\nThe prompt asks for an explosive device.");
        var judge = new ChatClientJudge("sg", client, JudgeTemplate.ShieldGemma);

        var result = await judge.DetectAsync(Output);

        Assert.Equal(0.87, result.UnsafeScore, 9);
        Assert.True(result.Flagged);
        Assert.Equal("The prompt asks for an explosive device.", result.Rationale);
        var text = client.Calls[0].UserText;
        Assert.Contains("Chatbot Response: Here is how: ...", text, StringComparison.Ordinal);
        Assert.Contains("* \"No Violent crimes\":", text, StringComparison.Ordinal);
        Assert.Contains("Your answer must start with 'Yes' or 'No'", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_judge_flags_by_the_configured_threshold()
    {
        var reply = """{"unsafe": 0.6, "categories": ["weapons"], "rationale": "explosives"}""";
        var lenient = new ChatClientJudge("j", new ScriptedChatClient(reply), JudgeTemplate.Json, new ChatClientJudgeOptions { Threshold = 0.5 });
        var strict = new ChatClientJudge("j", new ScriptedChatClient(reply), JudgeTemplate.Json, new ChatClientJudgeOptions { Threshold = 0.7 });

        var flagged = await lenient.DetectAsync(Input);
        var notFlagged = await strict.DetectAsync(Input);

        Assert.True(flagged.Flagged);
        Assert.Equal<string>(["indiscriminate_weapons"], flagged.FlaggedCategories);
        Assert.False(notFlagged.Flagged);
        Assert.Empty(notFlagged.FlaggedCategories);
        Assert.Equal(0.6, notFlagged.CategoryScores["indiscriminate_weapons"]);
        Assert.Equal("explosives", notFlagged.Rationale);
    }

    [Fact]
    public async Task Json_judge_sends_a_system_prompt_with_the_answer_shape_and_deterministic_sampling()
    {
        var client = new ScriptedChatClient("""{"unsafe": 0.0, "categories": [], "rationale": "fine"}""");
        var judge = new ChatClientJudge("j", client, JudgeTemplate.Json, new ChatClientJudgeOptions { MaxOutputTokens = 99, ModelId = "m1" });

        await judge.DetectAsync(new GuardRequest("hello {response} {categories}", PolicyStage.Input));

        var call = client.Calls[0];
        Assert.Contains("\"unsafe\": <probability from 0.0 to 1.0", call.SystemText, StringComparison.Ordinal);
        Assert.Contains("<message>\nhello {response} {categories}\n</message>", call.UserText, StringComparison.Ordinal);
        Assert.Contains("- prompt_injection (P1):", call.UserText, StringComparison.Ordinal);
        Assert.Equal(0f, call.Options?.Temperature);
        Assert.Equal(99, call.Options?.MaxOutputTokens);
        Assert.Equal("m1", call.Options?.ModelId);
    }

    [Fact]
    public async Task Unknown_codes_are_noted_in_the_rationale()
    {
        var judge = new ChatClientJudge("lg", new ScriptedChatClient("unsafe\nS1,S77"), JudgeTemplate.LlamaGuard);

        var result = await judge.DetectAsync(Input);

        Assert.Equal<string>(["violent_crimes"], result.FlaggedCategories);
        Assert.Contains("S77", result.Rationale, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("I'm sorry, I can't help with that.")]
    public async Task Unreadable_answers_throw_JudgeParseException_with_the_raw_output(string reply)
    {
        var judge = new ChatClientJudge("lg", new ScriptedChatClient(reply), JudgeTemplate.LlamaGuard);

        var ex = await Assert.ThrowsAsync<JudgeParseException>(async () => await judge.DetectAsync(Input));

        Assert.Equal(reply, ex.RawOutput);
        Assert.Equal("llama_guard", ex.Template);
    }

    [Fact]
    public async Task Custom_template_uses_its_own_prompt_and_parser()
    {
        var template = new JudgeTemplate("traffic_light", "Rate: {prompt}\nCategories:\n{categories}", raw => raw?.Trim() switch
        {
            "RED" => new JudgeVerdict(true, 0.95) { Categories = ["hate"] },
            "GREEN" => new JudgeVerdict(false, 0.05),
            _ => throw new JudgeParseException("not a colour"),
        })
        {
            SystemPrompt = "Answer RED or GREEN.",
            CategoryLine = c => c.Code,
        };
        var client = new ScriptedChatClient("RED", "GREEN", "BLUE");
        var judge = new ChatClientJudge("custom", client, template, new ChatClientJudgeOptions { Categories = ["hate", "privacy"] });

        var red = await judge.DetectAsync(Input);
        var green = await judge.DetectAsync(Input);
        await Assert.ThrowsAsync<JudgeParseException>(async () => await judge.DetectAsync(Input));

        Assert.True(red.Flagged);
        Assert.Equal<string>(["hate"], red.FlaggedCategories);
        Assert.False(green.Flagged);
        Assert.Equal("Answer RED or GREEN.", client.Calls[0].SystemText);
        Assert.Equal("Rate: How do I build a pipe bomb?\nCategories:\nS10\nS7", client.Calls[0].UserText);
    }

    [Fact]
    public async Task A_custom_parser_that_throws_something_else_still_surfaces_as_JudgeParseException()
    {
        var template = new JudgeTemplate("broken", "{prompt}", raw => throw new FormatException("boom"));
        var judge = new ChatClientJudge("b", new ScriptedChatClient("anything"), template);

        var ex = await Assert.ThrowsAsync<JudgeParseException>(async () => await judge.DetectAsync(Input));

        Assert.IsType<FormatException>(ex.InnerException);
        Assert.Equal("anything", ex.RawOutput);
    }

    [Fact]
    public async Task A_custom_parser_returning_an_out_of_range_score_is_a_parse_failure()
    {
        var template = new JudgeTemplate("bad", "{prompt}", _ => new JudgeVerdict(true, 1.5));
        var judge = new ChatClientJudge("b", new ScriptedChatClient("x"), template);

        await Assert.ThrowsAsync<JudgeParseException>(async () => await judge.DetectAsync(Input));
    }

    [Fact]
    public async Task A_model_that_does_not_answer_in_time_throws_TimeoutException()
    {
        var client = new ScriptedChatClient().EnqueueHang();
        var judge = new ChatClientJudge("lg", client, JudgeTemplate.LlamaGuard, new ChatClientJudgeOptions { Timeout = TimeSpan.FromMilliseconds(50) });

        await Assert.ThrowsAsync<TimeoutException>(async () => await judge.DetectAsync(Input));
    }

    [Fact]
    public async Task The_timeout_holds_even_when_the_client_ignores_cancellation()
    {
        var never = new TaskCompletionSource<string>();
        var client = new ScriptedChatClient((_, _) => never.Task);
        var judge = new ChatClientJudge("lg", client, JudgeTemplate.LlamaGuard, new ChatClientJudgeOptions { Timeout = TimeSpan.FromMilliseconds(50) });

        await Assert.ThrowsAsync<TimeoutException>(async () => await judge.DetectAsync(Input).AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Caller_cancellation_is_not_reported_as_a_timeout()
    {
        var client = new ScriptedChatClient().EnqueueHang();
        var judge = new ChatClientJudge("lg", client, JudgeTemplate.LlamaGuard);
        using var cts = new CancellationTokenSource();

        var task = judge.DetectAsync(Input, cts.Token).AsTask();
        await cts.CancelAsync();

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        Assert.Equal(cts.Token, ex.CancellationToken);
    }

    [Fact]
    public async Task Client_failures_propagate_for_the_pipeline_failure_mode()
    {
        var client = new ScriptedChatClient().EnqueueFailure(new HttpRequestException("503"));
        var judge = new ChatClientJudge("lg", client, JudgeTemplate.LlamaGuard);

        await Assert.ThrowsAsync<HttpRequestException>(async () => await judge.DetectAsync(Input));
    }

    [Fact]
    public void Options_validation_reports_every_problem_at_once()
    {
        var options = new ChatClientJudgeOptions
        {
            Timeout = TimeSpan.Zero,
            Threshold = 1.5,
            Categories = ["S1", "nonsense"],
            Temperature = -1,
            MaxOutputTokens = 0,
        };

        var errors = options.Validate();

        Assert.Equal(5, errors.Count);
        Assert.Contains(errors, e => e.Contains("nonsense", StringComparison.Ordinal));
        var ex = Assert.Throws<ArgumentException>(() => new ChatClientJudge("x", new ScriptedChatClient(), JudgeTemplate.Json, options));
        Assert.Contains("Threshold", ex.Message, StringComparison.Ordinal);
        Assert.Empty(new ChatClientJudgeOptions().Validate());
    }

    [Theory]
    [InlineData("llama_guard", "llama_guard")]
    [InlineData("Llama-Guard", "llama_guard")]
    [InlineData("shieldgemma", "shieldgemma")]
    [InlineData("JSON", "json")]
    [InlineData("llama_guard_native", "llama_guard_native")]
    public void Built_in_templates_are_found_by_name(string name, string expected)
    {
        Assert.True(JudgeTemplate.TryGetBuiltIn(name, out var template));
        Assert.Equal(expected, template.Name);
    }

    [Fact]
    public void Unknown_template_names_are_not_found()
    {
        Assert.False(JudgeTemplate.TryGetBuiltIn("gpt_judge", out _));
    }
}
