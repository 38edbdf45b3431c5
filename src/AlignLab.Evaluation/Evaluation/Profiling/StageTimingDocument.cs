namespace AlignLab.Evaluation.Profiling;

/// <summary>A <see cref="StageTiming"/> in the profile document: microseconds to two decimals, the share to four.</summary>
internal sealed record StageTimingDocument(string Stage, int Samples, double? P50Us, double? P95Us, double? MeanUs, double? MaxUs, double Share)
{
    public static StageTimingDocument From(StageTiming s) =>
        new(s.Stage, s.Samples, Us(s.P50Us), Us(s.P95Us), Us(s.MeanUs), Us(s.MaxUs), Math.Round(s.Share, 4));

    public static IReadOnlyList<StageTimingDocument> From(IReadOnlyList<StageTiming> stages) => [.. stages.Select(From)];

    private static double? Us(double? v) => v is { } d ? Math.Round(d, 2) : null;
}
