namespace AlignLab.Classification.Data;

/// <summary>
/// A built corpus: the three splits, the held-out contrast pairs and the manifest that describes them. Rows are listed in
/// source-priority order, then in each source's order: shuffle before stochastic training.
/// </summary>
/// <param name="Train">Training rows (only <see cref="DataUse.Bundled"/> sources unless development-only data was asked for).</param>
/// <param name="Validation">Validation rows (threshold and calibration fitting).</param>
/// <param name="Test">Test rows: a stratified share of the pool plus every forced held-out set (AdvBench, upstream test splits, late jailbreaks…).</param>
/// <param name="Contrast">The held-out half of the contrast set, both rows of each pair, for pair accuracy and over-refusal.</param>
/// <param name="Manifest">What went where, and a content hash to prove a rebuild reproduces.</param>
public sealed record Corpus(
    IReadOnlyList<LabeledText> Train,
    IReadOnlyList<LabeledText> Validation,
    IReadOnlyList<LabeledText> Test,
    IReadOnlyList<LabeledText> Contrast,
    CorpusManifest Manifest)
{
    /// <summary>
    /// Rows of evaluation-only sources (<see cref="DataUse.EvaluationOnly"/>: diagnostic suites such as HateCheck). They never
    /// train or calibrate a model and are not part of <see cref="Test"/>; the out-of-distribution report scores them as left-out sources.
    /// </summary>
    public IReadOnlyList<LabeledText> Suites { get; init; } = [];
}
