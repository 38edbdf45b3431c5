using System.Diagnostics;
using System.Globalization;
using AlignLab.Classification;
using AlignLab.Encoders.Tiers;
using AlignLab.Evaluation.Suites;

namespace AlignLab.Benchmarks;

/// <summary>
/// Per-prompt latency percentiles over the bundled suites (what BenchmarkDotNet's per-invocation statistics cannot
/// give): each prompt timed alone after a warm-up pass, for the fast tier, the contextual tier on the band and always;
/// and the process's resident memory before and after loading the encoder. Run pinned to one core:
/// <c>taskset -c 1 dotnet run -c Release --project bench/AlignLab.Benchmarks -- contextual-latency</c>.
/// </summary>
internal static class ContextualLatency
{
    public static void Run(TextWriter output)
    {
        var prompts = BundledSuites.OpenAll().Select(c => c.Text).ToArray();
        var fast = SafetyClassifier.Default ?? throw new InvalidOperationException("no embedded model in this build");
        fast.Classify("warm up");
        var before = Rss();
        using var band = ContextualTier.Load(fast);
        using var always = ContextualTier.Load(fast, ContextualTierOptions.EveryText);
        var consulted = prompts.Count(p => band.Score(p).Consulted);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{prompts.Length} prompts; the band consults the encoder on {consulted} ({100.0 * consulted / prompts.Length:0.0}%)"));
        Report(output, "fast tier", prompts, p => fast.Classify(p));
        Report(output, "contextual on the band", prompts, p => band.Score(p));
        Report(output, "contextual always", prompts, p => always.Score(p));
        var after = Rss();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"resident memory: {before / 1048576.0:0} MB with the fast tier, {after / 1048576.0:0} MB with two encoder sessions loaded and run (+{(after - before) / 1048576.0:0} MB)"));
    }

    private static void Report(TextWriter output, string name, string[] prompts, Func<string, object> score)
    {
        foreach (var p in prompts)
        {
            score(p); // warm-up pass
        }

        var times = new double[prompts.Length];
        for (var i = 0; i < prompts.Length; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            score(prompts[i]);
            times[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        }

        Array.Sort(times);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-24} mean {times.Average(),8:0.000} ms  p50 {P(times, 0.50),8:0.000} ms  p90 {P(times, 0.90),8:0.000} ms  p99 {P(times, 0.99),8:0.000} ms  max {times[^1],8:0.000} ms"));
    }

    private static double P(double[] sorted, double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static long Rss()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64;
    }
}
