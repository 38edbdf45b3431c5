namespace AlignLab.Adversarial;

/// <summary>Small helpers shared by the template-based transforms.</summary>
internal static class TransformText
{
    /// <summary>The placeholder that marks where the request goes in a template.</summary>
    public const string Request = "{request}";

    /// <summary>Puts <paramref name="request"/> where the template has <see cref="Request"/> (a literal replacement: the request is never parsed).</summary>
    public static string Fill(string template, string request) => template.Replace(Request, request, StringComparison.Ordinal);

    /// <summary>Picks one item with <paramref name="random"/>.</summary>
    public static T Pick<T>(IReadOnlyList<T> items, Random random) => items[random.Next(items.Count)];

    /// <summary>True when a cut at <paramref name="index"/> would separate a surrogate pair.</summary>
    public static bool SplitsPair(string text, int index) =>
        index > 0 && index < text.Length && char.IsHighSurrogate(text[index - 1]) && char.IsLowSurrogate(text[index]);
}
