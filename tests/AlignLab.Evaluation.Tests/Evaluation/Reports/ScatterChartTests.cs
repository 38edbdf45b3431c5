using System.Globalization;
using System.Xml.Linq;
using AlignLab.Metrics;

namespace AlignLab.Tests.Evaluation.Reports;

public sealed class ScatterChartTests
{
    private static readonly XNamespace s_svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void Each_point_is_a_labelled_circle_with_whiskers_and_the_better_one_sits_up_and_right()
    {
        var svg = XElement.Parse(EvalCharts.Scatter(
            [
                new ScatterPoint("baseline", 0.8, 0.2) { XLow = 0.7, XHigh = 0.9, YLow = 0.1, YHigh = 0.3 },
                new ScatterPoint("full <pipeline>", 0.7, 0.9) { XLow = 0.6, XHigh = 0.8, YLow = 0.85, YHigh = 0.95 },
            ],
            new ChartLabels("Safety and capability", "capability", "safety")));

        var circles = svg.Elements(s_svg + "circle").ToList();
        Assert.Equal(2, circles.Count);
        double Cx(XElement c) => double.Parse((string)c.Attribute("cx")!, CultureInfo.InvariantCulture);
        double Cy(XElement c) => double.Parse((string)c.Attribute("cy")!, CultureInfo.InvariantCulture);
        Assert.True(Cx(circles[0]) > Cx(circles[1]), "more capable is further right");
        Assert.True(Cy(circles[1]) < Cy(circles[0]), "safer is higher up");
        Assert.Equal(4, svg.Elements(s_svg + "path").Count());
        Assert.Contains(svg.Elements(s_svg + "text"), t => t.Value == "full <pipeline>");
        Assert.Contains("baseline: capability 80.0% (95% CI 70.0–90.0%), safety 20.0% (95% CI 10.0–30.0%)", svg.Element(s_svg + "desc")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Labels_of_points_close_together_do_not_overlap()
    {
        var svg = XElement.Parse(EvalCharts.Scatter(
            [new ScatterPoint("baseline", 0.80, 0.0), new ScatterPoint("output_filter", 0.785, 0.0), new ScatterPoint("consensus", 0.79, 0.001)],
            new ChartLabels("S", "capability", "safety")));

        var ys = svg.Elements(s_svg + "text").Where(t => t.Value is "baseline" or "output_filter" or "consensus")
            .Select(t => double.Parse((string)t.Attribute("y")!, CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(3, ys.Count);
        Assert.True(ys[1] - ys[0] >= 11.9 && ys[2] - ys[1] >= 11.9, string.Join(", ", ys));
    }

    [Fact]
    public void No_points_says_so()
    {
        var svg = XElement.Parse(EvalCharts.Scatter([new ScatterPoint("x", double.NaN, 0.5)], new ChartLabels("S", "x", "y")));
        Assert.Contains(svg.Elements(s_svg + "text"), t => t.Value == "no data");
        Assert.Empty(svg.Elements(s_svg + "circle"));
    }
}
