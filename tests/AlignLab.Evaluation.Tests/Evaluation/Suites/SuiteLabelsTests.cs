using AlignLab.Evaluation.Suites;

namespace AlignLab.Tests.Evaluation.Suites;

public sealed class SuiteLabelsTests
{
    [Fact]
    public void An_unknown_label_without_a_close_match_reads_as_one_sentence()
    {
        Assert.False(SuiteLabels.TryParse("banana", out _, out _, out var error));

        Assert.Equal("unknown label 'banana' (use harmful/unsafe/1/true, benign/safe/0/false, contrast, or a harm category id)", error);
    }
}
