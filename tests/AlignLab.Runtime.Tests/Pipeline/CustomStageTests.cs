using AlignLab.Constitutions;
using AlignLab.Runtime.Pipeline;
using AlignLab.Runtime.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace AlignLab.Runtime.Tests.Pipeline;

/// <summary>
/// Issue 16 item 2: the stages were internal, so a user could not add a check of their own to the pipeline. A stage
/// (<see cref="IGuardStage"/> or a delegate) from outside the runtime now goes where it is added in the builder's chain
/// or before a named stage; its trace events and its failures are the pipeline's like the built-in stages'.
/// </summary>
public sealed class CustomStageTests
{
    private static AlignmentOptions Options() => new() { Constitution = TestPolicies.Basic(), UseClassifier = false };

    private static async Task<(InputCheck Check, AlignmentTrace Trace)> Input(AlignmentPipeline pipeline, string prompt)
    {
        var trace = pipeline.StartTrace();
        var check = await pipeline.CheckInputAsync([new ChatMessage(ChatRole.User, prompt)], trace);
        return (check, trace);
    }

    /// <summary>A stage a user writes: blocks prompts that name a project code word.</summary>
    private sealed class CodeWordStage : IGuardStage
    {
        public int Calls;

        public string Name => "code_word";

        public PolicyStage Stages => PolicyStage.Input;

        public bool RunsWhenDecided => false;

        public ValueTask RunAsync(GuardContext context)
        {
            Interlocked.Increment(ref Calls);
            var hit = context.Prompt.Contains("bluebird", StringComparison.OrdinalIgnoreCase);
            var action = hit ? AlignmentAction.Block : AlignmentAction.Allow;
            context.Trace.Add(new TraceEvent(context.StageName, Name, hit ? "names the code word" : "clean", action, 0));
            context.Raise(action, hit ? "That project is confidential." : null);
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task A_stage_from_another_assembly_blocks_a_request_and_leaves_its_trace_entry()
    {
        var stage = new CodeWordStage();
        using var pipeline = new AlignmentPipelineBuilder().AddDefaultStages().InsertStageBefore("judges", stage).Build(Options());
        var model = RecordingChatClient.Answering("sure");
        var client = new AlignedChatClient(model, pipeline);

        var response = await client.GetResponseAsync("Tell me the launch date of Bluebird");

        Assert.Equal("That project is confidential.", response.Text);
        Assert.Empty(model.Calls);
        var trace = response.GetAlignmentTrace()!;
        var entry = Assert.Single(trace.Events, e => e.Kind == "code_word");
        Assert.Equal(("input", "names the code word", AlignmentAction.Block), (entry.Stage, entry.Summary, entry.Action));
        Assert.Equal(AlignmentAction.Block, trace.FinalAction);
        Assert.Equal(
            ["refusal", "critique_revision", "rules", "tool_content", "code_word", "judges", "consensus", "redaction", "context_injection"],
            pipeline.StageNames);
    }

    [Fact]
    public async Task A_custom_stage_runs_in_the_order_it_was_added_and_not_after_an_earlier_stage_decided()
    {
        var stage = new CodeWordStage();
        using var pipeline = new AlignmentPipelineBuilder().AddRules().AddStage(stage).Build(Options());

        var (ruled, _) = await Input(pipeline, "this is forbidden bluebird");
        var (clean, cleanTrace) = await Input(pipeline, "hello");

        Assert.Equal("Blocked by the forbidden-word rule.", ruled.Message); // the rules stage decided first
        Assert.Equal(AlignmentAction.Allow, clean.Action);
        Assert.Equal(1, stage.Calls);
        Assert.Equal(["rules", "code_word"], cleanTrace.Events.Select(e => e.Kind));
    }

    [Fact]
    public async Task A_delegate_stage_can_rewrite_the_answer_and_one_that_throws_is_a_failure_under_the_stage_failure_mode()
    {
        using var pipeline = new AlignmentPipelineBuilder()
            .AddStage("shout", PolicyStage.Output, c =>
            {
                c.Text = c.Text.ToUpperInvariant();
                return ValueTask.CompletedTask;
            })
            .AddStage("broken", PolicyStage.Input, _ => throw new InvalidOperationException("stage bug"))
            .Build(Options());

        var output = await pipeline.CheckOutputAsync("q", "quiet answer", null, pipeline.StartTrace());
        var (input, trace) = await Input(pipeline, "hello");

        Assert.Equal("QUIET ANSWER", output.Text);
        Assert.Equal(AlignmentAction.Block, input.Action); // the test policy fails closed
        Assert.Equal(pipeline.Options.FailClosedMessage, input.Message);
        var failure = Assert.Single(trace.Events, e => e.Kind == "failure");
        Assert.Contains("broken failed (InvalidOperationException: stage bug)", failure.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stage_without_a_name_or_a_check_or_a_missing_anchor_is_refused_when_added()
    {
        var builder = new AlignmentPipelineBuilder().AddRules();

        Assert.Throws<ArgumentException>(() => builder.AddStage(" ", PolicyStage.Input, _ => ValueTask.CompletedTask));
        var none = Assert.Throws<ArgumentException>(() => builder.AddStage("nowhere", PolicyStage.Streaming, _ => ValueTask.CompletedTask));
        var anchor = Assert.Throws<ArgumentException>(() => builder.InsertStageBefore("judges", new CodeWordStage()));

        Assert.Contains("neither the input nor the output check", none.Message, StringComparison.Ordinal);
        Assert.Contains("no stage named 'judges' was added (stages: rules)", anchor.Message, StringComparison.Ordinal);
        Assert.Equal(["rules"], builder.StageNames);
    }
}
