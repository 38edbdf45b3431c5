using AlignLab.Constitutions;

namespace AlignLab.Classification.Data;

/// <summary>The categories and status that a <see cref="LabelRule"/> gives a text.</summary>
/// <param name="Status">How the categories were found.</param>
/// <param name="Categories">The categories, in taxonomy order (empty unless mapped or keyword).</param>
public sealed record LabelResolution(LabelStatus Status, IReadOnlyList<HarmCategory> Categories)
{
    /// <summary>The row for a harmful text; null when excluded. Keyword categories get <paramref name="keywordWeight"/>.</summary>
    public LabeledText? ToLabeledText(string text, string source, string id, float mappedWeight = 1f, float keywordWeight = 0.5f) => Status switch
    {
        LabelStatus.Excluded => null,
        LabelStatus.UnsafeOnly => LabeledText.HarmfulUncategorised(text, source, id),
        LabelStatus.Keyword => new LabeledText(text, true, Categories, true, source, id) { CategoryWeight = keywordWeight },
        _ => new LabeledText(text, true, Categories, true, source, id) { CategoryWeight = mappedWeight },
    };
}
