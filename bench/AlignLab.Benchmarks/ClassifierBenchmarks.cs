using AlignLab.Classification;
using AlignLab.Normalization;
using BenchmarkDotNet.Attributes;

namespace AlignLab.Benchmarks;

/// <summary>
/// The embedded safety classifier on one 500-character prompt: end to end (normalisation + every output),
/// against normalisation alone as the baseline, and the model core on pre-normalised text (zero allocation), with
/// the second tier as shipped (it runs only in its band) and forced on (its worst case).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ClassifierBenchmarks
{
    private SafetyClassifier _classifier = null!;
    private string _prompt = null!;
    private string _normalized = null!;
    private SafetyModel _alwaysSecondTier = null!;
    private readonly float[] _probabilities = new float[SafetyLabels.Count];

    [GlobalSetup]
    public void Setup()
    {
        _classifier = SafetyClassifier.Default ?? throw new InvalidOperationException("no embedded model in this build");
        _prompt = PolicyFixtures.Prose(500);
        _normalized = TextNormalizer.Default.Normalize(_prompt).Primary.Text;
        var model = _classifier.Model;
        _alwaysSecondTier = model.SecondTier is { } tier ? model.WithSecondTier(tier.WithBand(0f, 1f, tier.UnsafeThreshold)) : model;
    }

    [Benchmark(Baseline = true, Description = "normalise only, 500 chars")]
    public NormalizedText NormaliseOnly() => TextNormalizer.Default.Normalize(_prompt);

    [Benchmark(Description = "classify 500 chars (normalise + all outputs)")]
    public SafetyScores Classify() => _classifier.Classify(_prompt);

    [Benchmark(Description = "model core, pre-normalised 500 chars")]
    public float ModelCore()
    {
        _classifier.Model.Probabilities(_normalized, _probabilities);
        return _probabilities[0];
    }

    [Benchmark(Description = "model core, second tier forced on, pre-normalised 500 chars")]
    public float ModelCoreSecondTierForced()
    {
        _alwaysSecondTier.Probabilities(_normalized, _probabilities);
        return _probabilities[0];
    }
}

/// <summary>Batch throughput: 10,000 prompts of 500 characters classified with Parallel.For on every core.</summary>
public class ClassifierBatchBenchmarks
{
    private SafetyClassifier _classifier = null!;
    private string[] _prompts = null!;

    [GlobalSetup]
    public void Setup()
    {
        _classifier = SafetyClassifier.Default ?? throw new InvalidOperationException("no embedded model in this build");
        var random = new Random(1);
        var pool = Enumerable.Range(0, 50).Select(i => PolicyFixtures.Prose(520)[(i % 20)..][..500]).ToArray();
        _prompts = [.. Enumerable.Range(0, 10_000).Select(i => pool[random.Next(pool.Length)])];
    }

    [Benchmark(OperationsPerInvoke = 10_000, Description = "per prompt, 10k batch, all cores")]
    public int Batch()
    {
        var flagged = 0;
        Parallel.For(0, _prompts.Length, i =>
        {
            if (_classifier.Classify(_prompts[i]).Unsafe >= 0.5f)
            {
                Interlocked.Increment(ref flagged);
            }
        });
        return flagged;
    }
}

/// <summary>Loading the embedded model from its resource stream (decompression and half-to-float).</summary>
public class ModelLoadBenchmarks
{
    [Benchmark(Description = "load embedded model")]
    public SafetyModel Load()
    {
        using var stream = typeof(SafetyClassifier).Assembly.GetManifestResourceStream(SafetyClassifier.EmbeddedModelName)
            ?? throw new InvalidOperationException("no embedded model in this build");
        return SafetyModel.Load(stream);
    }
}
