namespace AlignLab.Evaluation.Profiling;

/// <summary>The guard's timings for the cases whose length (in characters) falls in [<see cref="MinChars"/>, <see cref="MaxChars"/>).</summary>
/// <param name="Label">&lt;256, 256–1k, 1k–4k or &gt;4k.</param>
/// <param name="MinChars">Inclusive lower bound.</param>
/// <param name="MaxChars">Exclusive upper bound; null for the last bucket.</param>
/// <param name="Cases">Cases in the bucket.</param>
/// <param name="Stages">The measured stages (empty when the bucket has no case).</param>
public sealed record LengthBucket(string Label, int MinChars, int? MaxChars, int Cases, IReadOnlyList<StageTiming> Stages)
{
    /// <summary>The whole guard's timing in this bucket, or null when it is empty.</summary>
    public StageTiming? Evaluate => Stages.FirstOrDefault(s => s.Stage == StageTiming.Evaluate);
}
