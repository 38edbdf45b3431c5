using AlignLab.Normalization;

namespace AlignLab.Classification;

/// <summary>
/// The safety classifier: normalises text (de-obfuscation), scores every view with a <see cref="SafetyModel"/>
/// and explains its scores. <see cref="Default"/> is the default model (see <see cref="DefaultModelSource"/>), loaded lazily once.
/// Thread-safe.
/// </summary>
public sealed class SafetyClassifier
{
    /// <summary>Resource name of the default model in its assembly (see <see cref="DefaultModelSource"/>).</summary>
    public const string EmbeddedModelName = "AlignLab.safety_classifier.alsc";

    private static readonly Lazy<SafetyClassifier?> LazyDefault = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly TextNormalizer _normalizer;

    public SafetyClassifier(SafetyModel model, TextNormalizer? normalizer = null)
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
        _normalizer = normalizer ?? TextNormalizer.Default;
    }

    /// <summary>The default model (from the AlignLab.Classifier.Default assembly), or null when the application has none.</summary>
    public static SafetyClassifier? Default => LazyDefault.Value;

    /// <summary>The underlying model.</summary>
    public SafetyModel Model { get; }

    /// <summary>The decision threshold of the overall unsafe score chosen at training time.</summary>
    public float UnsafeThreshold => Model.Thresholds[SafetyLabels.Unsafe];

    /// <summary>Loads a model file written by <c>alignlab train classifier</c>.</summary>
    public static SafetyClassifier Load(string path)
    {
        using var stream = File.OpenRead(path);
        return new SafetyClassifier(SafetyModel.Load(stream));
    }

    /// <summary>Scores a text.</summary>
    public SafetyScores Classify(string text) => Model.Score(_normalizer.Normalize(text ?? string.Empty));

    /// <summary>Scores an already normalised text (the rule engine shares its normalisation).</summary>
    public SafetyScores Classify(NormalizedText text) => Model.Score(text);

    /// <summary>Scores each view of an already normalised text on its own (see <see cref="SafetyModel.ScoreViews"/>).</summary>
    public IReadOnlyList<SafetyScores> ClassifyViews(NormalizedText text) => Model.ScoreViews(text);

    /// <summary>Scores and explains one output ("unsafe" by default).</summary>
    public Explanation Explain(string text, int label = SafetyLabels.Unsafe, int maxPhrases = 5) =>
        Model.Explain(_normalizer.Normalize(text ?? string.Empty), label, maxPhrases);

    /// <summary>Explains one output of an already normalised text, reusing its scores when given.</summary>
    public Explanation Explain(NormalizedText text, int label = SafetyLabels.Unsafe, int maxPhrases = 5, SafetyScores? scores = null) =>
        Model.Explain(text, label, maxPhrases, scores);

    private static SafetyClassifier? LoadEmbedded()
    {
        using var stream = DefaultModelSource.Open();
        return stream is null ? null : new SafetyClassifier(SafetyModel.Load(stream));
    }
}
