using System.Text.Json;
using AlignLab.Evaluation;
using AlignLab.Evaluation.Fairness;
using AlignLab.IO;

namespace AlignLab.Tests.Evaluation.Fairness;

/// <summary>The per-group block of the classifier report pinned byte for byte (issue 16: source-generated JSON keeps it unchanged).</summary>
public sealed class GroupFairnessJsonGoldenTests
{
    [Fact]
    public void Group_fairness_json_is_byte_for_byte_the_pinned_format()
    {
        var a = new GroupRates("women <b>", 30, new RateEstimate(9, 10, 0.5958, 0.98213), new RateEstimate(2, 20, 0.0279, 0.3010), true, true);
        var b = new GroupRates("日本語", 3, new RateEstimate(0, 0, 0, 1), new RateEstimate(1, 3, 0.06, 0.79), false, false);
        var report = new GroupFairnessReport(
            "group",
            10,
            [a, b],
            new GroupDisparity("fpr", 2, a, b, 1.0 / 3, -0.23333333),
            new GroupDisparity("recall", 0, null, null, null, double.NaN));

        var json = JsonText.Write(JsonText.Indented, w =>
        {
            w.WriteStartObject();
            GroupFairnessWriter.WriteJson(w, "groups", report);
            w.WriteEndObject();
        });

        GoldenFile.AssertMatches("tests/AlignLab.Evaluation.Tests/Golden/groups.json", json + "\n");
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(2, doc.RootElement.GetProperty("groups").GetProperty("groups").GetArrayLength());
    }
}
