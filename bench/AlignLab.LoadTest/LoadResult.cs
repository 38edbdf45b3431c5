namespace AlignLab.LoadTest;

/// <summary>One measured phase: how many requests, how fast, and the latency distribution.</summary>
internal sealed record LoadResult(string Name, int Requests, int Errors, TimeSpan Elapsed, double P50Ms, double P95Ms, double P99Ms, double MaxMs)
{
    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;
}
