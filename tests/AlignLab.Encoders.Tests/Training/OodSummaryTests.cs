using AlignLab.Encoders.Training;

namespace AlignLab.Encoders.Tests.Training;

public sealed class OodSummaryTests
{
    private static ScoredRow Row(string source, bool label, float fast, float stacked) =>
        new(source, label, fast, 0.5f, new Dictionary<string, float> { ["logistic"] = stacked }, new Dictionary<string, float> { ["logistic"] = 0.5f });

    [Fact]
    public void Macro_figures_average_per_source_and_skip_sources_with_too_few_rows_of_a_label()
    {
        var rows = new List<ScoredRow>();
        rows.AddRange(Enumerable.Range(0, 10).Select(i => Row("harm", true, i < 5 ? 0.9f : 0.1f, 0.9f)));   // fast recall 0.5, stacked 1.0
        rows.AddRange(Enumerable.Range(0, 10).Select(i => Row("benign", false, i < 1 ? 0.9f : 0.1f, i < 2 ? 0.9f : 0.1f))); // FPR 0.1 vs 0.2
        rows.Add(Row("tiny", true, 0.1f, 0.1f)); // one unsafe row: not counted

        var outcomes = OodSummary.Outcomes(rows, 0.2f, 0.8f);

        Assert.Equal(0.5, OodSummary.MacroRecall(outcomes, "fast"), 6);
        Assert.Equal(1.0, OodSummary.MacroRecall(outcomes, "logistic"), 6);
        Assert.Equal(0.1, OodSummary.MacroFpr(outcomes, "fast"), 6);
        Assert.Equal(0.2, OodSummary.MacroFpr(outcomes, "logistic"), 6);
        Assert.Equal(0.5, OodSummary.MacroRecall(outcomes, "logistic_band"), 6); // the band never covered 0.9 or 0.1: fast decided
    }

    [Fact]
    public void At_equal_macro_fpr_the_stacked_threshold_moves_until_its_fpr_is_within_the_budget()
    {
        var rows = new List<ScoredRow>();
        rows.AddRange(Enumerable.Range(0, 10).Select(i => Row("harm", true, 0.9f, 0.6f + (i * 0.01f))));
        rows.AddRange(Enumerable.Range(0, 10).Select(i => Row("benign", false, 0.1f, i * 0.1f)));

        var (threshold, recall, fpr) = OodSummary.AtMacroFpr(rows, "logistic", 0.1);

        Assert.True(fpr <= 0.1);
        Assert.True(threshold > 0.8 && threshold <= 0.9001, $"{threshold}");
        Assert.Equal(0.0, recall, 6); // every unsafe score (0.60-0.69) is under it
    }
}
