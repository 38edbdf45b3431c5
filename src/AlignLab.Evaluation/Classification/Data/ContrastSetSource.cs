namespace AlignLab.Classification.Data;

/// <summary>
/// The project's hand-written contrast set (<c>data/contrast/contrast_set.jsonl</c>, MIT): benign look-alikes paired
/// with harmful requests on the same topic. A fixed hash of the pair (independent of the corpus seed, so the fold stays
/// frozen as the set grows) holds out about half of the pairs in <see cref="Corpus.Contrast"/>; the other pairs, both
/// halves together, go to train/validation.
/// </summary>
public sealed class ContrastSetSource : ISplitRoutedSource
{
    private readonly double _heldOutFraction;

    /// <summary>Creates the source with the share of pairs held out.</summary>
    public ContrastSetSource(double heldOutFraction = 0.5)
    {
        _heldOutFraction = heldOutFraction;
    }

    /// <inheritdoc/>
    public string Name => "contrast-set";

    /// <inheritdoc/>
    public string Licence => "MIT (AlignLab, hand-written)";

    /// <inheritdoc/>
    public DataUse Use => DataUse.Bundled;

    /// <inheritdoc/>
    public IEnumerable<LabeledText> Load(DataDirectories dirs)
    {
        ArgumentNullException.ThrowIfNull(dirs);
        return PairedSetReader.Read(DataFiles.Require(dirs.Project, Name, "contrast", "contrast_set.jsonl"), Name);
    }

    /// <inheritdoc/>
    public CorpusRoute Route(LabeledText row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return IsHeldOut(row.Group ?? row.Id) ? CorpusRoute.Contrast : CorpusRoute.TrainOrValidation;
    }

    /// <summary>Whether a pair group is in the held-out half.</summary>
    public bool IsHeldOut(string pairGroup) => SeededHash.Unit(0, "contrast-holdout", pairGroup) < _heldOutFraction;
}
