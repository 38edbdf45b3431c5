using AlignLab.Constitutions;

namespace AlignLab.Classification;

/// <summary>A training or evaluation example.</summary>
/// <param name="Text">The text.</param>
/// <param name="Unsafe">Whether it is unsafe.</param>
/// <param name="Categories">Its harm categories when known; empty for benign text, and for unsafe text whose category is unknown.</param>
/// <param name="CategoriesKnown">False when the text is unsafe but its category is unknown (category outputs are then not trained on it).</param>
/// <param name="Source">The dataset it came from (e.g. "do-not-answer").</param>
/// <param name="Id">A stable id within the source.</param>
public sealed record LabeledText(string Text, bool Unsafe, IReadOnlyList<HarmCategory> Categories, bool CategoriesKnown, string Source, string Id)
{
    /// <summary>Training weight of the category targets (1 for a source's own label, 0.5 for keyword-derived categories).</summary>
    public float CategoryWeight { get; init; } = 1f;

    /// <summary>Training weight of the whole example.</summary>
    public float Weight { get; init; } = 1f;

    /// <summary>Examples sharing a group always land in the same split (contrast pairs, repeated sentences, jailbreak templates).</summary>
    public string? Group { get; init; }

    /// <summary>When set, the example is forced into this split instead of being drawn at random.</summary>
    public DataSplit? FixedSplit { get; init; }

    /// <summary>A benign example.</summary>
    public static LabeledText Benign(string text, string source, string id) => new(text, false, [], true, source, id);

    /// <summary>An unsafe example of known categories.</summary>
    public static LabeledText Harmful(string text, string source, string id, params HarmCategory[] categories) => new(text, true, categories, true, source, id);

    /// <summary>An unsafe example whose category is unknown.</summary>
    public static LabeledText HarmfulUncategorised(string text, string source, string id) => new(text, true, [], false, source, id);
}

/// <summary>The split an example belongs to.</summary>
public enum DataSplit
{
    Train,
    Validation,
    Test,
}
