namespace AlignLab.Evaluation.Profiling;

/// <summary><see cref="GuardProfile"/> as written by <see cref="GuardProfileJson"/>; property order is file order.</summary>
internal sealed record GuardProfileDocument(
    string Schema,
    string Policy,
    bool Classifier,
    int Cases,
    int Repeat,
    bool WarmUp,
    double CasesPerSecond,
    IReadOnlyList<StageTimingDocument> Stages,
    IReadOnlyList<LengthBucketDocument> Buckets)
{
    public static GuardProfileDocument From(GuardProfile p) => new(
        GuardProfileJson.Schema,
        p.Policy,
        p.Classifier,
        p.Cases,
        p.Repeat,
        p.WarmUp,
        Math.Round(p.CasesPerSecond, 1),
        StageTimingDocument.From(p.Stages),
        [.. p.Buckets.Select(LengthBucketDocument.From)]);
}
