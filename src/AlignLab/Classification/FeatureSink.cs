namespace AlignLab.Classification;

/// <summary>Receives hashed features as they are extracted (no buffering needed on the scoring path).</summary>
internal interface IFeatureSink
{
    /// <summary>A feature: its bucket and the [start, start+length) range of the view text it came from.</summary>
    void Add(int bucket, int start, int length);
}
