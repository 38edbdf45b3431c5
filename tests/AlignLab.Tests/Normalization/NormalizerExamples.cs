using AlignLab.Normalization;

namespace AlignLab.Tests.Normalization;

/// <summary>What the normaliser example tests share: normalise with the default options (checking the offset maps) and find a span.</summary>
internal static class NormalizerExamples
{
    public static NormalizedText Norm(string text)
    {
        var result = TextNormalizer.Default.Normalize(text);
        NormalizationAssert.MapsInside(result);
        return result;
    }

    public static TextSpan SpanOf(TextView view, string needle)
    {
        var index = view.Text.IndexOf(needle, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{needle}' not found in {view.Source} view '{view.Text}'");
        return view.MapToOriginal(index, needle.Length);
    }
}
