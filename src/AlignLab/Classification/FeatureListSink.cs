namespace AlignLab.Classification;

/// <summary>Collects features (for training and explanations).</summary>
internal struct FeatureListSink(List<int> buckets, List<(int Start, int Length)>? spans) : IFeatureSink
{
    public void Add(int bucket, int start, int length)
    {
        buckets.Add(bucket);
        spans?.Add((start, length));
    }
}
