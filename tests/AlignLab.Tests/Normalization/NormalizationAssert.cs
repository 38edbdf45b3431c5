using AlignLab.Normalization;

namespace AlignLab.Tests.Normalization;

/// <summary>Checks the mapping invariants of a <see cref="NormalizedText"/>.</summary>
internal static class NormalizationAssert
{
    /// <summary>
    /// Every view's every character, every empty range and the whole text map inside the original; mapped views
    /// map each character to a non-empty, non-decreasing range; every event lies inside the original.
    /// </summary>
    public static void MapsInside(NormalizedText result, int step = 1)
    {
        var n = result.Original.Length;
        Assert.NotEmpty(result.Views);
        Assert.Same(result.Primary, result.Views[0]);
        foreach (var view in result.Views)
        {
            var len = view.Text.Length;
            Inside(view.MapToOriginal(0, len), n, view, 0, len);
            Inside(view.MapToOriginal(0, 0), n, view, 0, 0);
            Inside(view.MapToOriginal(len, 0), n, view, len, 0);
            var previous = -1;
            for (var i = 0; i < len; i += step)
            {
                var one = view.MapToOriginal(i, 1);
                Inside(one, n, view, i, 1);
                if (!view.IsDecoded)
                {
                    Assert.True(one.Length > 0, $"{view.Source}[{i}] maps to an empty span {one}");
                    Assert.True(one.Start >= previous, $"{view.Source}[{i}] maps backwards: {one} after start {previous}");
                    previous = one.Start;
                }

                Inside(view.MapToOriginal(i, len - i), n, view, i, len - i);
                Inside(view.MapToOriginal(i, 0), n, view, i, 0);
            }
        }

        foreach (var e in result.Events)
        {
            Assert.True(e.OriginalSpan.Start >= 0 && e.OriginalSpan.Length >= 0 && e.OriginalSpan.End <= n,
                $"event {e} lies outside the original of length {n}");
            Assert.False(string.IsNullOrEmpty(e.Detail));
            Assert.True(e.Detail.Length <= 80, $"detail too long: {e.Detail}");
        }

        for (var k = 1; k < result.Events.Count; k++)
        {
            Assert.True(result.Events[k - 1].OriginalSpan.Start <= result.Events[k].OriginalSpan.Start, "events are not ordered by position");
        }
    }

    private static void Inside(TextSpan span, int n, TextView view, int start, int length)
    {
        if (span.Start < 0 || span.Length < 0 || span.End > n)
        {
            Assert.Fail($"{view.Source} view: MapToOriginal({start}, {length}) = {span} is outside [0, {n}]");
        }
    }
}
