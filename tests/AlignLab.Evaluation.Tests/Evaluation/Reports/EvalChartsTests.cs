using System.Xml.Linq;
using AlignLab.Metrics;

namespace AlignLab.Tests.Evaluation.Reports;

public sealed class EvalChartsTests
{
    private static readonly XNamespace s_svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void Bars_with_ci_draw_a_bar_whisker_and_label_each()
    {
        var svg = XElement.Parse(EvalCharts.BarsWithCi(
            [("none", new BarValue(0.25, 0.1, 0.4) { Note = "5/20" }), ("base64", new BarValue(0.5))],
            new ChartLabels("ASR", "attack success (%)", "transform")));

        Assert.Equal("ASR", svg.Element(s_svg + "title")!.Value);
        Assert.Equal("none: 25.0% (95% CI 10.0%–40.0%), 5/20; base64: 50.0%.", svg.Element(s_svg + "desc")!.Value);
        Assert.Equal(2, svg.Elements(s_svg + "rect").Count(r => r.Element(s_svg + "title") is not null));
        Assert.Single(svg.Elements(s_svg + "path"));
        Assert.Contains(svg.Elements(s_svg + "text"), t => t.Value == "25.0%");
        Assert.Contains(svg.Elements(s_svg + "text"), t => t.Value == "100%");
        Assert.Contains(svg.Elements(s_svg + "text"), t => t.Value == "attack success (%)");
    }

    [Fact]
    public void Grouped_bars_have_a_legend_and_mark_missing_values()
    {
        var a = new BarSeries("guard_only", new Dictionary<string, BarValue> { ["x"] = new(0.9, 0.8, 1), ["y"] = new(1, 1, 1) });
        var b = new BarSeries("full_pipeline", new Dictionary<string, BarValue> { ["x"] = new(0.95, 0.85, 1) });
        var svg = XElement.Parse(EvalCharts.GroupedBars(["x", "y"], [a, b], new ChartLabels("Blocked", "blocked (%)", "category") { Description = "Lead." }));

        Assert.StartsWith("Lead. guard_only — x: 90.0%", svg.Element(s_svg + "desc")!.Value, StringComparison.Ordinal);
        Assert.Contains("full_pipeline — y: n/a", svg.Element(s_svg + "desc")!.Value, StringComparison.Ordinal);
        Assert.Contains(svg.Elements(s_svg + "text"), t => t.Value == "n/a");
        Assert.Contains(svg.Elements(s_svg + "text"), t => t.Value == "full_pipeline");
        Assert.Contains(svg.Elements(s_svg + "rect"), r => (string?)r.Attribute("fill") == EvalCharts.Palette[1]);
    }

    [Fact]
    public void Non_percent_bars_scale_to_a_nice_maximum()
    {
        var svg = XElement.Parse(EvalCharts.BarsWithCi([("p95", new BarValue(730))], new ChartLabels("Latency", "ms", "strategy"), percent: false));
        Assert.Contains(svg.Elements(s_svg + "text"), t => t.Value == "1000");
        Assert.Contains(svg.Elements(s_svg + "text"), t => t.Value == "730");
    }

    [Fact]
    public void Histogram_on_a_log_scale_has_decade_ticks_and_medians()
    {
        var fast = Enumerable.Range(1, 100).Select(i => 0.01 * i).ToArray();
        var slow = Enumerable.Range(1, 50).Select(i => 500.0 + i).ToArray();
        var svg = XElement.Parse(EvalCharts.Histogram([new HistogramSeries("guard", fast), new HistogramSeries("model", slow)], new ChartLabels("Latency", "ms (log)", "share"), logScale: true, formatValue: v => v.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(2, svg.Elements(s_svg + "polygon").Count());
        Assert.Equal(2, svg.Elements(s_svg + "line").Count(l => (string?)l.Attribute("stroke-dasharray") == "5 3"));
        foreach (var tick in new[] { "0.01", "0.1", "1", "10", "100", "1000" })
        {
            Assert.Contains(svg.Elements(s_svg + "text"), t => t.Value == tick);
        }

        Assert.Contains("guard: 100 values, median 0.505", svg.Element(s_svg + "desc")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_inputs_say_no_data()
    {
        Assert.Contains("no data", EvalCharts.GroupedBars([], [], new ChartLabels("t", "x", "y")), StringComparison.Ordinal);
        Assert.Contains("no data", EvalCharts.Histogram([new HistogramSeries("s", [])], new ChartLabels("t", "x", "y")), StringComparison.Ordinal);
        Assert.Contains("No data.", EvalCharts.Histogram([], new ChartLabels("t", "x", "y")), StringComparison.Ordinal);
    }

    [Fact]
    public void Existing_roc_output_is_unchanged_and_the_new_overload_adds_a_text_alternative()
    {
        (double, double)[] curve = [(0, 0), (0.5, 0.8), (1, 1)];
        var old = SvgCharts.Roc(curve, 0.85, "ROC");
        Assert.DoesNotContain("<desc>", old, StringComparison.Ordinal);
        var described = SvgCharts.Roc(curve, 0.85, "ROC", "Two <classes>.");
        var svg = XElement.Parse(described);
        Assert.Equal("ROC (AUC 0.850)", svg.Element(s_svg + "title")!.Value);
        Assert.Equal("Two <classes>.", svg.Element(s_svg + "desc")!.Value);
        Assert.Equal(XElement.Parse(old).Elements(s_svg + "polyline").Single().ToString(), svg.Elements(s_svg + "polyline").Single().ToString());
    }

    [Fact]
    public void A_long_legend_wraps_and_pushes_the_plot_down()
    {
        var names = Enumerable.Range(0, 7).Select(i => $"strategy_with_a_long_name_{i}").ToList();
        var series = names.Select(n => new BarSeries(n, new Dictionary<string, BarValue> { ["x"] = new(0.5) })).ToList();
        var svg = XElement.Parse(EvalCharts.GroupedBars(["x"], series, new ChartLabels("t", "x", "y")));

        var legendYs = svg.Elements(s_svg + "text").Where(t => names.Contains(t.Value)).Select(t => double.Parse((string)t.Attribute("y")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(legendYs.Distinct().Count() > 1);
        var firstBar = svg.Elements(s_svg + "rect").First(r => r.Element(s_svg + "title") is not null);
        Assert.True(double.Parse((string)firstBar.Attribute("y")!, System.Globalization.CultureInfo.InvariantCulture) > legendYs.Max());
    }
}
