namespace AlignLab.LoadTest;

/// <summary>One open-loop phase: latency from each request's due time, how late the generator sent it, errors, and the generator's CPU time.</summary>
internal sealed record OpenLoopResult(string Name, double TargetPerSecond, double[] LatenciesMs, double[] SendLatenessMs, int Errors, TimeSpan Elapsed, TimeSpan GeneratorCpu)
{
    public double RequestsPerSecond => LatenciesMs.Length / Elapsed.TotalSeconds;

    /// <summary>The generator's CPU time as a share of one core over the phase.</summary>
    public double GeneratorCoreShare => GeneratorCpu / Elapsed;

    /// <summary>The generator's CPU time per request, in microseconds.</summary>
    public double GeneratorMicrosecondsPerRequest => GeneratorCpu.TotalMicroseconds / LatenciesMs.Length;

    public double Latency(double percentile) => Percentile(LatenciesMs, percentile);

    public double Lateness(double percentile) => Percentile(SendLatenessMs, percentile);

    private static double Percentile(double[] values, double p)
    {
        if (values.Length == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
