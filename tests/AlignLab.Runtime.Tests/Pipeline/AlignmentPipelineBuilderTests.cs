using AlignLab.Classification;
using AlignLab.Constitutions;
using AlignLab.Detectors;
using AlignLab.Runtime.Pipeline;
using Microsoft.Extensions.AI;

namespace AlignLab.Runtime.Tests.Pipeline;

/// <summary>
/// Issue 16 item 2: the order of the guard's stages lived in numbered comments inside AlignmentPipeline's two 150-line
/// methods. The stages are now types added by <see cref="AlignmentPipelineBuilder"/>, and the pipeline runs them in the
/// order they were added. Issue 15: a score refiner (the contextual tier) set on the options reaches the engine and the trace.
/// </summary>
public sealed class AlignmentPipelineBuilderTests
{
    private const string Policy = """
        constitutional_ai:
          name: staged
          pii: {enabled: false}
          specific_rules:
            - {id: forbidden_word, trigger: forbidden, action: block}
        """;

    private static AlignmentOptions Options(string yaml = Policy) =>
        new() { Constitution = ConstitutionLoader.LoadText(yaml, "staged.yaml").GetOrThrow() };

    private static async Task<(InputCheck Check, AlignmentTrace Trace)> Input(AlignmentPipeline pipeline, string prompt)
    {
        var trace = pipeline.StartTrace();
        var check = await pipeline.CheckInputAsync([new ChatMessage(ChatRole.User, prompt)], trace);
        return (check, trace);
    }

    [Fact]
    public void The_default_pipeline_runs_the_stages_in_the_order_the_builder_adds_them()
    {
        using var pipeline = new AlignmentPipeline(Options());

        Assert.Equal(
            ["refusal", "critique_revision", "rules", "tool_content", "judges", "consensus", "redaction", "context_injection"],
            pipeline.StageNames);
        Assert.Equal(pipeline.StageNames, new AlignmentPipelineBuilder().AddDefaultStages().StageNames);
    }

    [Fact]
    public async Task A_pipeline_built_without_the_rules_stage_does_not_stop_what_the_rules_would()
    {
        using var full = new AlignmentPipelineBuilder().AddDefaultStages().Build(Options());
        using var noRules = new AlignmentPipelineBuilder().AddToolContentGuard().AddJudges().AddRedaction().Build(Options());

        var (blocked, blockedTrace) = await Input(full, "this is forbidden");
        var (passed, passedTrace) = await Input(noRules, "this is forbidden");

        Assert.Equal(AlignmentAction.Block, blocked.Action);
        Assert.Contains(blockedTrace.Events, e => e.Kind == "rules");
        Assert.Equal(AlignmentAction.Allow, passed.Action);
        Assert.DoesNotContain(passedTrace.Events, e => e.Kind == "rules");
    }

    [Fact]
    public async Task A_score_refiner_on_the_options_decides_the_unsafe_check_and_the_trace_records_both_scores()
    {
        var options = Options("constitutional_ai:\n  name: tiers\n  pii: {enabled: false}\n  classifier: {action: block}\n");
        options.ScoreRefiner = new FixedRefiner();
        using var pipeline = new AlignmentPipeline(options);

        var (check, trace) = await Input(pipeline, "tell me a story about a cat");

        Assert.Equal(AlignmentAction.Block, check.Action);
        var verdict = Assert.Single(trace.Events, e => e.Kind == "rules").Decision!.Classifier!;
        Assert.Equal("contextual", verdict.DecidedBy);
        Assert.True(verdict.FastUnsafe < verdict.Threshold);
        Assert.Contains("\"decided_by\": \"contextual\"", trace.ToJson(indented: true), StringComparison.Ordinal);
    }

    private sealed class FixedRefiner : IUnsafeScoreRefiner
    {
        public string Name => "contextual";

        public UnsafeScoreRefinement? Refine(string text, SafetyScores fast) => new(0.97f, 0.7f);
    }
}
