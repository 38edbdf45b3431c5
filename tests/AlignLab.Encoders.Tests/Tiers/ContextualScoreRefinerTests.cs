using AlignLab.Classification;
using AlignLab.Constitutions;
using AlignLab.Encoders.Heads;
using AlignLab.Encoders.Onnx;
using AlignLab.Encoders.Tiers;
using AlignLab.Rules;
using AlignLab.Runtime.Pipeline;
using Microsoft.Extensions.AI;

namespace AlignLab.Encoders.Tests.Tiers;

/// <summary>
/// Issue 15 (docs/CONTEXTUAL.md, "Integration point"): the contextual tier could score text for `classify --all-tiers` and
/// a consensus validator, but RuleEngine could not use it, because the core cannot reference AlignLab.Encoders. As a
/// score refiner it now plugs into the engine and the pipeline from outside the core.
/// </summary>
public sealed class ContextualScoreRefinerTests
{
    private const string Benign = "What is the capital of France?";

    private static readonly SafetyClassifier Fast = SafetyClassifier.Default!;

    private static readonly Constitution Policy = ConstitutionLoader.LoadText(
        "constitutional_ai:\n  name: tiers\n  pii: {enabled: false}\n  classifier: {action: block}\n", "tiers.yaml").GetOrThrow();

    // A head whose stacked probability is σ(5) = 0.993 for every text, threshold 0.5: the tier calls everything unsafe.
    private static ContextualTier Alarmed(ContextualTierOptions options) => new(
        Fast,
        SentenceEncoder.Load(EncoderFiles.Bundled),
        new ContextualHead(new HeadWeights(384, 0, [], [], new float[384], 0f), new StackWeights(0f, 0f, 5f, 0.5f), "all-MiniLM-L6-v2", "none"),
        options);

    [Fact]
    public void The_engine_takes_the_tiers_stacked_score_and_threshold_and_records_both_scores()
    {
        using var tier = Alarmed(ContextualTierOptions.EveryText);
        var engine = new RuleEngine(Policy, new RuleEngineOptions { Classifier = Fast, ScoreRefiner = new ContextualScoreRefiner(tier) });

        var d = engine.Evaluate(Benign, PolicyStage.Input);
        var alone = new RuleEngine(Policy, classifier: Fast).Evaluate(Benign, PolicyStage.Input);

        Assert.Equal(AlignmentAction.Allow, alone.Action);
        Assert.Equal(AlignmentAction.Block, d.Action);
        Assert.Equal("contextual", d.Classifier!.DecidedBy);
        Assert.Equal(0.993f, d.Classifier.Unsafe, 3);
        Assert.Equal(alone.Classifier!.Unsafe, d.Classifier.FastUnsafe);
        Assert.Equal("contextual tier", d.Classifier.ThresholdSource);
        Assert.Contains("\"decided_by\": \"contextual\"", DecisionJson.Serialize(d), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_the_band_the_fast_score_decides_and_the_pipeline_trace_says_so()
    {
        using var tier = Alarmed(new ContextualTierOptions { BandLow = 0.4f, BandHigh = 0.6f });
        using var pipeline = new AlignmentPipeline(new AlignmentOptions { Constitution = Policy, ScoreRefiner = new ContextualScoreRefiner(tier) });

        var trace = pipeline.StartTrace();
        var check = await pipeline.CheckInputAsync([new ChatMessage(ChatRole.User, Benign)], trace);

        Assert.Equal(AlignmentAction.Allow, check.Action);
        Assert.Contains("\"decided_by\": \"fast\"", trace.ToJson(indented: true), StringComparison.Ordinal);
    }
}
