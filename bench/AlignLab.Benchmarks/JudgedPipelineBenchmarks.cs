using AlignLab.Constitutions;
using AlignLab.Runtime.Detectors;
using AlignLab.Runtime.Pipeline;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;

namespace AlignLab.Benchmarks;

/// <summary>
/// The guard's own cost with one judge on input and output that answers "safe" at once (so the numbers are the
/// pipeline's, not a model's): the judges stage of main at ea2678a (<see cref="LegacyJudgesStage"/>, its own max of
/// actions) against judges as detectors through the combiner, in one run. Decision cache off.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class JudgedPipelineBenchmarks
{
    private readonly ChatMessage[] _prompt =
        [new(ChatRole.User, "Can you explain how vaccines train the immune system, in simple terms for a school project?")];
    private AlignmentPipeline _legacy = null!;
    private AlignmentPipeline _current = null!;

    [GlobalSetup]
    public void Setup()
    {
        _legacy = Build(b => b.AddStage(new LegacyJudgesStage()));
        _current = Build(b => b.AddJudges());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _legacy.Dispose();
        _current.Dispose();
    }

    [Benchmark(Baseline = true, Description = "input + output check, one judge, old judges stage")]
    public Task<AlignmentAction> Legacy() => CheckAsync(_legacy);

    [Benchmark(Description = "input + output check, one judge, judges as detectors")]
    public Task<AlignmentAction> Current() => CheckAsync(_current);

    private async Task<AlignmentAction> CheckAsync(AlignmentPipeline pipeline)
    {
        var trace = pipeline.StartTrace();
        var input = await pipeline.CheckInputAsync(_prompt, trace).ConfigureAwait(false);
        var output = await pipeline.CheckOutputAsync(input.Prompt, "Vaccines show your immune cells a harmless piece of a germ.", input, trace)
            .ConfigureAwait(false);
        return output.Action > input.Action ? output.Action : input.Action;
    }

    private static AlignmentPipeline Build(Func<AlignmentPipelineBuilder, AlignmentPipelineBuilder> judges)
    {
        var constitution = ConstitutionLoader.LoadDefault();
        constitution = constitution with { Runtime = constitution.Runtime with { Cache = constitution.Runtime.Cache with { Enabled = false } } };
        var options = new AlignmentOptions { Constitution = constitution };
        options.Detectors.Add(new StagedDetector(new SafeJudge(), PolicyStage.Input | PolicyStage.Output, 0.5, TimeSpan.FromSeconds(30)));
        var builder = new AlignmentPipelineBuilder().AddRefusalDetection().AddCritique().AddRules().AddToolContentGuard();
        return judges(builder).AddConsensus().AddRedaction().AddContextInjection().Build(options);
    }

    private sealed class SafeJudge : IGuardDetector
    {
        public string Name => "instant";

        public ValueTask<DetectorResult> DetectAsync(GuardRequest request, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(new DetectorResult(Name, 0.01, false) { RawOutput = "safe" });
    }
}
