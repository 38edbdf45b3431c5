using AlignLab.Constitutions;

namespace AlignLab.Classification;

/// <summary>
/// The classifier's outputs: index 0 is the overall "unsafe" score, then one score per harm category in
/// <see cref="HarmCategory.All"/> order.
/// </summary>
public static class SafetyLabels
{
    /// <summary>Index of the overall unsafe score.</summary>
    public const int Unsafe = 0;

    /// <summary>Number of outputs (unsafe + every category).</summary>
    public static int Count { get; } = 1 + HarmCategory.All.Count;

    /// <summary>Output names: "unsafe", then category ids.</summary>
    public static IReadOnlyList<string> Names { get; } = ["unsafe", .. HarmCategory.All.Select(c => c.Id)];

    /// <summary>The output index of a category.</summary>
    public static int IndexOf(HarmCategory category)
    {
        ArgumentNullException.ThrowIfNull(category);
        for (var i = 0; i < HarmCategory.All.Count; i++)
        {
            if (ReferenceEquals(HarmCategory.All[i], category) || HarmCategory.All[i].Id == category.Id)
            {
                return i + 1;
            }
        }

        throw new ArgumentException($"unknown category {category.Id}", nameof(category));
    }

    /// <summary>The category of an output index (null for <see cref="Unsafe"/>).</summary>
    public static HarmCategory? CategoryAt(int index) => index == Unsafe ? null : HarmCategory.All[index - 1];
}
