using AlignLab.Classification;
using AlignLab.Encoders.Tiers;
using AlignLab.Evaluation.Suites;
using BenchmarkDotNet.Attributes;

namespace AlignLab.Benchmarks;

/// <summary>
/// The contextual tier over every 7th prompt of the bundled suites (100 prompts), one core: the fast tier alone (baseline), the
/// contextual tier on the fast tier's uncertain band (the default), and on every prompt (<c>classify --all-tiers</c>).
/// Per-prompt means with ratios; <c>-- contextual-latency</c> gives the per-prompt percentiles and memory.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ContextualTierBenchmarks
{
    private string[] _prompts = null!;
    private SafetyClassifier _fast = null!;
    private ContextualTier _band = null!;
    private ContextualTier _always = null!;

    [GlobalSetup]
    public void Setup()
    {
        // Every 7th bundled prompt (100 of 696): a pass stays within the in-process toolchain's limit.
        _prompts = [.. BundledSuites.OpenAll().Select(c => c.Text).Where((_, i) => i % 7 == 0)];
        _fast = SafetyClassifier.Default ?? throw new InvalidOperationException("no embedded model in this build");
        _band = ContextualTier.Load(_fast);
        _always = ContextualTier.Load(_fast, ContextualTierOptions.EveryText);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _band.Dispose();
        _always.Dispose();
    }

    [Benchmark(Baseline = true, Description = "fast tier, 100 bundled prompts")]
    public int Fast() => Count(p => _fast.Classify(p).Unsafe >= _fast.UnsafeThreshold);

    [Benchmark(Description = "contextual tier on the band, 100 bundled prompts")]
    public int Band() => Count(p => _band.Score(p).Flagged);

    [Benchmark(Description = "contextual tier always, 100 bundled prompts")]
    public int Always() => Count(p => _always.Score(p).Flagged);

    private int Count(Func<string, bool> flag)
    {
        var n = 0;
        foreach (var p in _prompts)
        {
            if (flag(p))
            {
                n++;
            }
        }

        return n;
    }
}
