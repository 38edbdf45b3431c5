namespace AlignLab.Classification.Data;

/// <summary>
/// A source that constrains where its rows may go: it has its own test split (its other rows then go to
/// train or validation only), a temporal hold-out, or a held-out contrast half. Sources that do not implement
/// this are routed by <see cref="LabeledText.FixedSplit"/> alone.
/// </summary>
public interface ISplitRoutedSource : IDatasetSource
{
    /// <summary>The route of one of this source's rows.</summary>
    CorpusRoute Route(LabeledText row);
}
