namespace AlignLab.Evaluation.Profiling;

/// <summary>A <see cref="LengthBucket"/> in the profile document (<c>max_chars</c> null for the open-ended last bucket).</summary>
internal sealed record LengthBucketDocument(string Label, int MinChars, int? MaxChars, int Cases, IReadOnlyList<StageTimingDocument> Stages)
{
    public static LengthBucketDocument From(LengthBucket b) => new(b.Label, b.MinChars, b.MaxChars, b.Cases, StageTimingDocument.From(b.Stages));
}
