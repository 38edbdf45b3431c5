using AlignLab.Server.Operations;

namespace AlignLab.Server.Tests.Operations;

public sealed class LineDiffTests
{
    [Fact]
    public void A_changed_line_is_one_removal_and_one_addition_with_context()
    {
        var before = "a\nb\nc\nd\ne\nf\ng\nh\n";
        var after = "a\nb\nc\nd\nE\nf\ng\nh\n";
        var diff = LineDiff.Unified(before, after, "v1", "v2");
        Assert.StartsWith("--- v1\n+++ v2\n@@ -2,7 +2,7 @@\n", diff, StringComparison.Ordinal);
        Assert.Contains("\n-e\n+E\n", diff, StringComparison.Ordinal);
        Assert.DoesNotContain(" a\n", diff, StringComparison.Ordinal);
        Assert.Equal((1, 1), LineDiff.Count(diff));
    }

    [Fact]
    public void Equal_texts_have_an_empty_diff_and_line_endings_do_not_count()
    {
        Assert.Equal("", LineDiff.Unified("x\r\ny\r\n", "x\ny", "1", "2"));
    }

    [Fact]
    public void Against_nothing_every_line_is_added()
    {
        var diff = LineDiff.Unified(null, "one\ntwo", "(none)", "v1");
        Assert.Equal((2, 0), LineDiff.Count(diff));
    }
}
